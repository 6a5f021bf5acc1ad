package org.scgateway.api.component;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Secure Component present on the gateway: a Secure Element (UICC, eUICC, embedded SE) or a Trusted
 * Execution Environment.
 * <p>
 * A backend registers one service per component that is present and usable, and unregisters it when the
 * component goes (card pulled, reader unplugged, backend stopped); consumers must hold no state that
 * outlives the service. The service properties {@link #PROP_ID}, {@link #PROP_KIND} and
 * {@link #PROP_BACKEND} are always set, so a consumer can pick a component with a target filter such as
 * {@code (scgw.component.backend=se.sim)}.
 * <p>
 * Every method here is thread-safe and answers from what the backend already knows: none of them talks to
 * the component or blocks.
 */
@ProviderType
public interface SecureComponent {

    /** Service property: the value of {@link #id()}. */
    String PROP_ID = "scgw.component.id";
    /** Service property: the {@link ComponentKind#name()} of {@link #kind()}. */
    String PROP_KIND = "scgw.component.kind";
    /** Service property: the value of {@link #backend()}. */
    String PROP_BACKEND = "scgw.component.backend";

    /**
     * A stable identifier: the same component gives the same id across gateway restarts and re-insertions
     * (derived from data the component itself holds, such as an EID, ICCID or CPLC serial). Never empty,
     * printable ASCII, at most 64 characters.
     */
    String id();

    /** The technology of the component. */
    ComponentKind kind();

    /** The name of the backend that drives it, such as {@code se.sim}, {@code se.pcsc} or {@code tee.soft}. */
    String backend();

    /**
     * The identification data the LwM2M server may read to identify the component (LwM2M-SCS-2). Holds no
     * secret.
     */
    Identification identification();

    /** The state of the component as last seen by its backend. */
    ComponentState state();
}
