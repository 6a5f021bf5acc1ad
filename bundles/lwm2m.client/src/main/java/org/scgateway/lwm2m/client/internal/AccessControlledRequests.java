package org.scgateway.lwm2m.client.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.eclipse.leshan.client.request.DownlinkRequestReceiver;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.link.lwm2m.LwM2mLink;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.LwM2mRequest;
import org.eclipse.leshan.core.request.ObserveCompositeRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadCompositeRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.request.WriteCompositeRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadCompositeResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.SendableResponse;
import org.eclipse.leshan.core.response.WriteAttributesResponse;
import org.eclipse.leshan.core.response.WriteCompositeResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;

/**
 * Puts {@link AccessPolicy} in front of Leshan's request handling, which has no access control of its own:
 * a request the server has no right to gets 4.01 Unauthorized and never reaches the object. A Read of a whole
 * object returns the instances the server may read. Composite requests, and an Observe of a whole object,
 * need the right on every path (and instance) they name: there is no partial answer to a notification. A
 * Discover of an object lists only the instances the server has a right on.
 */
final class AccessControlledRequests implements DownlinkRequestReceiver {

    private final DownlinkRequestReceiver delegate;
    private final LwM2mObjectTree tree;
    private final Supplier<AccessPolicy> policies;

    /** @param policy read at each request: the client is built before its policy is set (see GatewayLeshanClient) */
    AccessControlledRequests(DownlinkRequestReceiver delegate, LwM2mObjectTree tree, Supplier<AccessPolicy> policy) {
        this.delegate = delegate;
        this.tree = tree;
        this.policies = policy;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends LwM2mResponse> SendableResponse<T> requestReceived(LwM2mServer server, DownlinkRequest<T> request) {
        AccessPolicy policy = policies.get();
        if (policy == null || !policy.binds(server)) {
            return delegate.requestReceived(server, request);
        }
        LwM2mResponse refusal = refusal(policy, server, request);
        if (refusal != null) {
            return new SendableResponse<>((T) refusal);
        }
        SendableResponse<T> answer = delegate.requestReceived(server, request);
        if (request instanceof ReadRequest && ((ReadRequest) request).getPath().isObject()) {
            return new SendableResponse<>((T) readable(policy, server, (ReadResponse) answer.getResponse()), answer::sent);
        }
        if (request instanceof DiscoverRequest && ((DiscoverRequest) request).getPath().isObject()) {
            return new SendableResponse<>((T) discoverable(policy, server, (DiscoverResponse) answer.getResponse()), answer::sent);
        }
        return answer;
    }

    /** The 4.01 answer for a request the server may not make; null if it may. */
    private LwM2mResponse refusal(AccessPolicy policy, LwM2mServer server, LwM2mRequest<?> request) {
        if (request instanceof ReadRequest) {
            return single(policy, server, ((ReadRequest) request).getPath(), AccessControl.READ, false) ? null : ReadResponse.unauthorized();
        } else if (request instanceof DiscoverRequest) {
            return single(policy, server, ((DiscoverRequest) request).getPath(), AccessControl.READ, false) ? null : DiscoverResponse.unauthorized();
        } else if (request instanceof ObserveRequest) {
            return single(policy, server, ((ObserveRequest) request).getPath(), AccessControl.READ, true) ? null : ObserveResponse.unauthorized();
        } else if (request instanceof WriteAttributesRequest) {
            return single(policy, server, ((WriteAttributesRequest) request).getPath(), AccessControl.READ, false) ? null
                    : WriteAttributesResponse.unauthorized();
        } else if (request instanceof WriteRequest) {
            return single(policy, server, ((WriteRequest) request).getPath(), AccessControl.WRITE, true) ? null : WriteResponse.unauthorized();
        } else if (request instanceof ExecuteRequest) {
            return single(policy, server, ((ExecuteRequest) request).getPath(), AccessControl.EXECUTE, true) ? null : ExecuteResponse.unauthorized();
        } else if (request instanceof DeleteRequest) {
            return single(policy, server, ((DeleteRequest) request).getPath(), AccessControl.DELETE, true) ? null : DeleteResponse.unauthorized();
        } else if (request instanceof CreateRequest) {
            return single(policy, server, ((CreateRequest) request).getPath(), AccessControl.CREATE, false) ? null : CreateResponse.unauthorized();
        } else if (request instanceof ReadCompositeRequest) {
            return all(policy, server, ((ReadCompositeRequest) request).getPaths(), AccessControl.READ) ? null : ReadCompositeResponse.unauthorized();
        } else if (request instanceof ObserveCompositeRequest) {
            return all(policy, server, ((ObserveCompositeRequest) request).getPaths(), AccessControl.READ) ? null
                    : ObserveCompositeResponse.unauthorized();
        } else if (request instanceof WriteCompositeRequest) {
            return all(policy, server, ((WriteCompositeRequest) request).getNodes().keySet(), AccessControl.WRITE) ? null
                    : WriteCompositeResponse.unauthorized();
        }
        return null; // cancellations, and the bootstrap server's requests, which the policy does not bind
    }

    /**
     * Whether the server may read the path, as a Send of it would give it the values: an object path needs every
     * instance, as an Observe of it does.
     */
    boolean mayRead(LwM2mServer server, LwM2mPath path) {
        AccessPolicy policy = policies.get();
        return policy == null || single(policy, server, path, AccessControl.READ, true);
    }

    /** @param every on an object path, ask for the right on every instance rather than on one */
    private boolean single(AccessPolicy policy, LwM2mServer server, LwM2mPath path, int right, boolean every) {
        List<Integer> instances = instances(path);
        if (every && path.isObject() && right != AccessControl.CREATE) {
            return instances.stream().allMatch(i -> policy.allows(server, new LwM2mPath(path.getObjectId(), i), right, instances));
        }
        return policy.allows(server, path, right, instances);
    }

    private boolean all(AccessPolicy policy, LwM2mServer server, Collection<LwM2mPath> paths, int right) {
        return paths.stream().allMatch(p -> single(policy, server, p, right, true));
    }

    private List<Integer> instances(LwM2mPath path) {
        if (path.isRoot()) {
            return List.of();
        }
        LwM2mObjectEnabler object = tree.getObjectEnabler(path.getObjectId());
        return object == null ? List.of() : object.getAvailableInstanceIds();
    }

    private ReadResponse readable(AccessPolicy policy, LwM2mServer server, ReadResponse response) {
        if (!response.isSuccess() || !(response.getContent() instanceof LwM2mObject)) {
            return response;
        }
        LwM2mObject object = (LwM2mObject) response.getContent();
        IntFunction<Boolean> mayRead = i -> (policy.rights(server, object.getId(), i) & AccessControl.READ) != 0;
        Map<Integer, LwM2mObjectInstance> kept = object.getInstances().entrySet().stream()
                .filter(e -> mayRead.apply(e.getKey())).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return ReadResponse.success(new LwM2mObject(object.getId(), kept.values()));
    }

    /**
     * A Discover of an object lists only the instances the server has some right on (LwM2M 1.1 Core, E.3: an
     * instance a server has no Access Control right on is not for it to see), and the object's own link.
     */
    private DiscoverResponse discoverable(AccessPolicy policy, LwM2mServer server, DiscoverResponse response) {
        if (!response.isSuccess() || response.getObjectLinks() == null) {
            return response;
        }
        LwM2mLink[] kept = Arrays.stream(response.getObjectLinks())
                .filter(l -> !l.getPath().isObjectInstance() && !l.getPath().isResource() && !l.getPath().isResourceInstance()
                        || policy.rights(server, l.getPath().getObjectId(), l.getPath().getObjectInstanceId()) != 0)
                .toArray(LwM2mLink[]::new);
        return DiscoverResponse.success(kept);
    }

    @Override
    public void onError(LwM2mServer server, Exception e, Class<? extends DownlinkRequest<? extends LwM2mResponse>> requestType) {
        delegate.onError(server, e, requestType);
    }
}
