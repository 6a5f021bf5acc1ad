package org.scgateway.itests;

import java.util.concurrent.BlockingQueue;
import java.util.function.BiFunction;

import org.scgateway.peers.leshan.core.node.LwM2mMultipleResource;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.observation.CompositeObservation;
import org.scgateway.peers.leshan.core.observation.Observation;
import org.scgateway.peers.leshan.core.observation.SingleObservation;
import org.scgateway.peers.leshan.core.response.ObserveCompositeResponse;
import org.scgateway.peers.leshan.core.response.ObserveResponse;
import org.scgateway.peers.leshan.server.observation.ObservationListener;
import org.scgateway.peers.leshan.server.registration.Registration;

/** What a Leshan server is notified of, for the suites: a value made of each notification, and each error, in a queue. */
final class Notifications {

    private Notifications() {
    }

    /** Into {@code values}: what {@code value} makes of each single observation's response (none when it gives null), and each error. */
    static ObservationListener into(BlockingQueue<Object> values, BiFunction<SingleObservation, ObserveResponse, Object> value) {
        return new ObservationListener() {
            @Override
            public void newObservation(Observation observation, Registration registration) {
            }

            @Override
            public void cancelled(Observation observation) {
            }

            @Override
            public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                Object v = value.apply(observation, response);
                if (v != null) {
                    values.add(v);
                }
            }

            @Override
            public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
            }

            @Override
            public void onError(Observation observation, Registration registration, Exception error) {
                values.add(error);
            }
        };
    }

    /** A single resource's value. */
    static Object singleValue(SingleObservation observation, ObserveResponse response) {
        return response.getContent() instanceof LwM2mSingleResource r ? r.getValue() : null;
    }

    /** The value of instance 0 of a multiple resource of object {@code objectId}. */
    static BiFunction<SingleObservation, ObserveResponse, Object> firstInstanceOf(int objectId) {
        return (observation, response) -> observation.getPath().getObjectId() == objectId
                && response.getContent() instanceof LwM2mMultipleResource m && m.getInstance(0) != null ? m.getInstance(0).getValue() : null;
    }
}
