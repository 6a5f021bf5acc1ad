package org.scgateway.api.lwm2m;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The Secure Component Admin object (42769) for the operator's tools: its instances as a server sees them, and a
 * request run through an instance exactly as a server's Write and Execute would run it, so that the server sees its
 * result too. Registered by the admin object itself.
 */
@ProviderType
public interface ComponentAdmin {

    /** The instances, by instance id. */
    List<AdminInstanceView> instances();

    /**
     * Writes Target Application, Secure Channel and Admin Request of the component's instance and executes Run.
     *
     * @param component the component's id, or its instance id
     * @param target    the application's AID; empty for the one a new logical channel selects
     * @param secureChannel 0 for none, else the SCP03 security level (1, 3, 17, 19, 51)
     * @return completes with the instance as it is once the request has ended (its last outcome is the request's)
     * @throws LwM2mOperationException as the server would be answered: 4.04 for no such component, 4.00 for a bad
     *         AID or level, 5.03 while another request runs
     */
    CompletionStage<AdminInstanceView> run(String component, byte[] request, byte[] target, int secureChannel)
            throws LwM2mOperationException;
}
