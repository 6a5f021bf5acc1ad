package org.scgateway.lwm2m.client.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a provided object, as Leshan sees it: each read, write and execute of a resource goes
 * to the provider. Leshan's {@code ObjectEnabler} around it does the rest (object and instance reads,
 * write modes, observations, permissions from the model).
 */
final class ProviderInstance extends BaseInstanceEnabler {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderInstance.class);

    private final LwM2mObjectProvider provider;
    private final ObjectDefinition definition;
    private final RepeatedFailures failures;

    ProviderInstance(int id, LwM2mObjectProvider provider, ObjectDefinition definition, ObjectModel model, RepeatedFailures failures) {
        super(id);
        this.provider = provider;
        this.definition = definition;
        this.failures = failures;
        setModel(model); // Leshan's ObjectsInitializer would; these instances are made here
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        try {
            return ReadResponse.success(Values.toLeshan(resourceId, provider.read(getId(), resourceId)));
        } catch (LwM2mOperationException e) {
            return Responses.read(e);
        } catch (RuntimeException e) {
            return ReadResponse.internalServerError(failed("read", resourceId, e));
        }
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        ResourceDefinition r = definition.resource(resourceId).orElse(null);
        if (r == null) {
            return WriteResponse.notFound();
        }
        try {
            provider.write(getId(), resourceId, Values.fromLeshan(value, r));
        } catch (IllegalArgumentException e) {
            return WriteResponse.badRequest("resource " + path(resourceId) + ": " + e.getMessage());
        } catch (LwM2mOperationException e) {
            return Responses.write(e);
        } catch (RuntimeException e) {
            return WriteResponse.internalServerError(failed("write", resourceId, e));
        }
        fireResourceChange(resourceId);
        return WriteResponse.success();
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        try {
            provider.execute(getId(), resourceId, Values.arguments(arguments));
            return ExecuteResponse.success();
        } catch (LwM2mOperationException e) {
            return Responses.execute(e);
        } catch (RuntimeException e) {
            return ExecuteResponse.internalServerError(failed("execute", resourceId, e));
        }
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return new ArrayList<>(definition.resources().keySet());
    }

    private String path(int resourceId) {
        return "/" + definition.id() + "/" + getId() + "/" + resourceId;
    }

    /**
     * A provider bug: its first occurrence logged with its stack trace, a repeat once a minute in one line (a server
     * repeating the request must not flood the log); answered with a short message.
     */
    private String failed(String operation, int resourceId, RuntimeException e) {
        String kind = operation + " of " + path(resourceId) + " failed in the object provider: " + e.getClass().getName();
        switch (failures.occurred(kind)) {
            case FULL:
                LOG.warn("{} of {} failed in the object provider", operation, path(resourceId), e);
                break;
            case LINE:
                LOG.warn("{} (again; {} more not logged in the last minute)", kind, failures.suppressed(kind));
                break;
            default:
                break;
        }
        return operation + " of " + path(resourceId) + " failed: " + e.getClass().getSimpleName();
    }
}
