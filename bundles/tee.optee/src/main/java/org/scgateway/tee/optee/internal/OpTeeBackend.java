package org.scgateway.tee.optee.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.config.Pids;
import org.scgateway.tee.spi.TeeBackend;
import org.scgateway.tee.spi.TeeBackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Native;

/**
 * Offers OP-TEE as a TEE backend when configured to and when the machine has it: the TEE driver's device,
 * a libteec to load, and a TEE that answers. Otherwise it offers nothing and says why. The service is
 * registered by hand for that reason: whether there is one depends on the machine, not only on the
 * configuration.
 */
@Component(configurationPid = Pids.TEE_OPTEE, immediate = true)
@Designate(ocd = OpTeeBackend.Config.class)
public class OpTeeBackend {

    @ObjectClassDefinition(name = "SC Gateway OP-TEE backend",
            description = "Trusted applications installed in OP-TEE through libteec and its secstor TA-management pseudo-TA, "
                    + "managed over TEEP like every TEE of the gateway. For Arm gateways running OP-TEE.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Whether OP-TEE is offered as a TEE. It is only where the device "
                + "below exists and libteec loads.")
        boolean enabled() default false;

        @AttributeDefinition(name = "TEE device", description = "The Linux TEE driver's device; without it there is no OP-TEE.")
        String device() default "/dev/tee0";

        @AttributeDefinition(name = "libteec", description = "The TEE Client API library: a name JNA looks up (teec finds "
                + "libteec.so or libteec.so.N) or a path.")
        String library() default "teec";
    }

    static final String NAME = "tee.optee";
    private static final Logger LOG = LoggerFactory.getLogger(OpTeeBackend.class);

    private ServiceRegistration<TeeBackend> registration;

    @Activate
    void activate(BundleContext context, Config config) {
        if (!config.enabled()) {
            LOG.info("OP-TEE backend disabled by configuration (org.scgateway.tee.optee, enabled=false)");
            return;
        }
        Libteec teec;
        try {
            teec = load(config);
        } catch (TeeBackendException e) {
            LOG.warn("OP-TEE backend not active: {}", e.getMessage());
            return;
        }
        Secstor secstor = new Secstor(teec);
        try {
            secstor.probe();
        } catch (TeeBackendException e) {
            LOG.warn("OP-TEE backend not active: the TEE does not answer: {}", e.getMessage());
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_DESCRIPTION, "OP-TEE through " + config.library() + " on " + config.device());
        registration = context.registerService(TeeBackend.class, new OpTee(secstor, config), props);
        LOG.info("OP-TEE backend active on {} through {}", config.device(), config.library());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    /** Loads libteec where the machine has a TEE device; else says what is missing. */
    static Libteec load(Config config) throws TeeBackendException {
        Optional<String> missing = missingDevice(Paths.get(config.device()));
        if (missing.isPresent()) {
            throw TeeBackendException.unavailable(missing.get());
        }
        try {
            return Native.load(config.library(), Libteec.class);
        } catch (UnsatisfiedLinkError e) {
            throw TeeBackendException.unavailable("libteec '" + config.library() + "' cannot be loaded: " + e.getMessage());
        }
    }

    static Optional<String> missingDevice(Path device) {
        return Files.exists(device) ? Optional.empty()
                : Optional.of(device + " is absent: this machine has no OP-TEE driver (or no TEE at all)");
    }

    /** The backend: OP-TEE signed TAs, named by their UUID. */
    static final class OpTee implements TeeBackend {
        private final Secstor secstor;
        private final String description;
        private final Map<String, String> properties = new LinkedHashMap<>();

        OpTee(Secstor secstor, Config config) {
            this.secstor = secstor;
            this.description = "OP-TEE through " + config.library() + " on " + config.device();
            properties.put("gpd.tee.description", "OP-TEE; trusted applications installed by secstor_ta_mgmt");
            properties.put("optee.device", config.device());
            properties.put("optee.libteec", config.library());
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public Map<String, String> properties() {
            return properties;
        }

        @Override
        public byte[] nameOf(byte[] image) throws TeeBackendException {
            try {
                return SignedTa.parse(image).uuid;
            } catch (IllegalArgumentException e) {
                throw TeeBackendException.refused(e.getMessage());
            }
        }

        @Override
        public void install(byte[] image) throws TeeBackendException {
            SignedTa ta;
            try {
                ta = SignedTa.parse(image);
            } catch (IllegalArgumentException e) {
                throw TeeBackendException.refused(e.getMessage());
            }
            secstor.install(image);
            LOG.info("OP-TEE installed TA {} version {}", ta.uuid(), ta.version);
        }

        @Override
        public void uninstall(byte[] name) throws TeeBackendException {
            secstor.uninstall(name);
            LOG.info("OP-TEE uninstalled TA {}", SignedTa.uuidOf(name));
        }
    }
}
