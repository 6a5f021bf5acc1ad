package org.scgateway.api.config;

/**
 * The configuration PIDs of the gateway's components, in one place: the components name their configuration with
 * these, and whatever writes a configuration (the console, a test, a provisioning script in Java) uses the same
 * constant, so the two cannot drift apart. The properties of each are in its metatype (Configuration in the Web
 * Console, or the MetaType service).
 */
public final class Pids {

    /** The LwM2M client: endpoint, servers, timers (bundle lwm2m.client). */
    public static final String LWM2M_CLIENT = "org.scgateway.lwm2m.client";
    /** The Secure Component Admin object (42769), whose {@link #ADMIN_COMPONENTS_TARGET} chooses the components shown. */
    public static final String ADMIN_OBJECT = "org.scgateway.lwm2m.objects.admin";
    /** Property of {@link #ADMIN_OBJECT}: a filter on the SecureComponent services shown, such as (scgw.component.backend=se.sim). */
    public static final String ADMIN_COMPONENTS_TARGET = "components.target";
    /** The SGP.32 IoT Profile Assistant: the eIM it takes packages from (bundle euicc). */
    public static final String EUICC_IPA = "org.scgateway.euicc.ipa";
    /** The eUICC profile service (bundle euicc). */
    public static final String EUICC = "org.scgateway.euicc";
    /** The simulated card: its profile, state file, vpcd bridge (bundle se.sim). */
    public static final String SE_SIM = "org.scgateway.se.sim";
    /** The PC/SC driver: readers, timeouts (bundle se.pcsc). */
    public static final String SE_PCSC = "org.scgateway.se.pcsc";
    /** The modem driver: AT ports, timeouts (bundle se.modem). */
    public static final String SE_MODEM = "org.scgateway.se.modem";
    /** Bootstrap from smartcard (bundle bootstrap.smartcard). */
    public static final String BOOTSTRAP_SMARTCARD = "org.scgateway.bootstrap.smartcard";
    /** The credential store in a Secure Element (bundle credential.se). */
    public static final String CREDENTIAL_SE = "org.scgateway.credential.se";
    /** The credential store in a local file (bundle credential.file). */
    public static final String CREDENTIAL_FILE = "org.scgateway.credential.file";
    /** The software TEE (bundle tee). */
    public static final String TEE_SOFT = "org.scgateway.tee.soft";
    /** The TEEs of hardware backends (bundle tee). */
    public static final String TEE_BACKENDS = "org.scgateway.tee.backends";
    /** The OP-TEE backend (bundle tee.optee). */
    public static final String TEE_OPTEE = "org.scgateway.tee.optee";

    /** The Web Console's guard: cross-site requests, framing, password guessing (bundle console). */
    public static final String CONSOLE_GUARD = "org.scgateway.console.guard";

    private Pids() {
    }
}
