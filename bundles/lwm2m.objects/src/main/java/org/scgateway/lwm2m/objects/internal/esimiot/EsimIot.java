package org.scgateway.lwm2m.objects.internal.esimiot;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.scgateway.api.euicc.EsipaException;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.ProfileAssistant;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ResourceValue;
import org.scgateway.api.util.DaemonThreads;
import org.scgateway.lwm2m.objects.internal.ProvidedInstance;
import org.scgateway.lwm2m.objects.internal.ProvidedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object 3443, eSIM IoT: the carrier between an eIM and the gateway's SGP.32 IPA (a {@link ProfileAssistant} of
 * the eUICC bundle). The eIM writes an ESipa message; the IPA carries it out off the client's threads, and its
 * answer waits in IPA message until the eIM clears it. State is 0 while an IPA is there and idle.
 */
@Component(service = LwM2mObjectProvider.class, property = LwM2mObjectProvider.PROP_OBJECT_ID + ":Integer=" + EsimIotModel.OBJECT_ID)
public class EsimIot extends ProvidedObject<String, EsimIot.Instance> {

    private static final Logger LOG = LoggerFactory.getLogger(EsimIot.class);
    /** The single instance's key: the object stands for the gateway's IPA, whichever eUICC it serves. */
    private static final String IPA = "ipa";

    private final ExecutorService worker = DaemonThreads.singleThread("esim-iot");
    private volatile ProfileAssistant assistant;

    public EsimIot() {
        super(EsimIotModel.DEFINITION, "esim-iot-notify");
    }

    @Activate
    void activate() {
        add(IPA);
        if (assistant == null) {
            LOG.info("eSIM IoT (3443) not ready for an eIM: configure one in {} (eimId, eimPublicKey)", ProfileAssistant.PID);
        }
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setAssistant(ProfileAssistant a) {
        assistant = a;
        changed(0, EsimIotModel.STATE, EsimIotModel.EID);
    }

    void unsetAssistant(ProfileAssistant a) {
        if (assistant == a) {
            assistant = null;
            LOG.info("eSIM IoT (3443) has no IPA: it needs an eIM configured ({}), an eUICC and a credential store", ProfileAssistant.PID);
        }
        changed(0, EsimIotModel.STATE, EsimIotModel.EID);
    }

    @Override
    protected String nameOf(String key) {
        return key;
    }

    @Override
    protected Instance newInstance(String key, int instanceId) {
        return new Instance();
    }

    /** The single instance: the message being carried out, and the last answer. */
    final class Instance implements ProvidedInstance {
        private boolean busy;
        private byte[] ipaMessage = new byte[0];

        @Override
        public ResourceValue read(int resourceId) throws LwM2mOperationException {
            switch (resourceId) {
                case EsimIotModel.STATE:
                    return ResourceValue.integer(ready() ? EsimIotModel.READY : EsimIotModel.NOT_ABLE);
                case EsimIotModel.EID:
                    return ResourceValue.string(eid());
                case EsimIotModel.IPA_MESSAGE:
                    synchronized (this) {
                        return ResourceValue.opaque(ipaMessage);
                    }
                case EsimIotModel.EIM_MESSAGE:
                case EsimIotModel.CLEAR_IPA_MESSAGE:
                    throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " of object 3443 is not readable");
                default:
                    throw new LwM2mOperationException(Code.NOT_FOUND, "object 3443 has no resource " + resourceId);
            }
        }

        @Override
        public void write(int resourceId, ResourceValue value) throws LwM2mOperationException {
            if (resourceId != EsimIotModel.EIM_MESSAGE) {
                throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " of object 3443 cannot be written");
            }
            byte[] message = (byte[]) value.value();
            ProfileAssistant ipa = assistant;
            if (ipa != null) {
                try {
                    ipa.check(message);
                } catch (EsipaException e) {
                    throw new LwM2mOperationException(Code.BAD_REQUEST, "eIM message: " + e.getMessage());
                }
            }
            synchronized (this) {
                if (ipa == null || busy) {
                    throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "State is 1: " + (busy
                            ? "the last eIM message is still being carried out"
                            : "there is no IPA (it needs an eIM configured in " + ProfileAssistant.PID + ", an eUICC and a credential store)"));
                }
                busy = true;
            }
            changed(0, EsimIotModel.STATE);
            try {
                worker.execute(() -> finish(carryOut(ipa, message)));
            } catch (RejectedExecutionException e) {
                finish(Optional.empty());
                throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "the object is stopping");
            }
        }

        @Override
        public void execute(int resourceId, String arguments) throws LwM2mOperationException {
            if (resourceId != EsimIotModel.CLEAR_IPA_MESSAGE) {
                throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " of object 3443 is not executable");
            }
            synchronized (this) {
                ipaMessage = new byte[0];
            }
            changed(0, EsimIotModel.IPA_MESSAGE);
        }

        private synchronized boolean ready() {
            return !busy && assistant != null;
        }

        private void finish(Optional<byte[]> answer) {
            synchronized (this) {
                busy = false;
                answer.ifPresent(a -> ipaMessage = a);
            }
            changed(0, EsimIotModel.STATE, EsimIotModel.IPA_MESSAGE);
        }
    }

    /** On the worker: the credential store (a card's, perhaps) and the eUICC take APDUs. */
    private static Optional<byte[]> carryOut(ProfileAssistant ipa, byte[] message) {
        try {
            return ipa.carryOut(message);
        } catch (EsipaException e) {
            LOG.warn("eSIM IoT: an eIM message was not carried out: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("eSIM IoT: an eIM message could not be carried out", e);
        }
        return Optional.empty();
    }

    private String eid() {
        ProfileAssistant ipa = assistant;
        if (ipa == null) {
            return "";
        }
        try {
            return ipa.eid().digits();
        } catch (EuiccException e) {
            return "";
        }
    }
}
