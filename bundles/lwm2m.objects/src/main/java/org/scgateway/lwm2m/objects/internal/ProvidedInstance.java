package org.scgateway.lwm2m.objects.internal;

import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ResourceValue;

/** One instance of a provided object: the operations a server addresses to it. */
public interface ProvidedInstance {

    ResourceValue read(int resourceId) throws LwM2mOperationException;

    void write(int resourceId, ResourceValue value) throws LwM2mOperationException;

    void execute(int resourceId, String arguments) throws LwM2mOperationException;
}
