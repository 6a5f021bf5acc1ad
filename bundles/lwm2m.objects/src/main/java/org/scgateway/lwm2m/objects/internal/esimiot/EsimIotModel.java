package org.scgateway.lwm2m.objects.internal.esimiot;

import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.Operations;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;

/**
 * Object 3443, eSIM IoT (OMA registry, ObjectVersion 1.0): SGP.32's ESipa between an eIM and the IPA, carried
 * in LwM2M. Single instance. {@code models/3443.xml} is this model as DDF; a test holds the two together.
 */
public final class EsimIotModel {

    public static final int OBJECT_ID = 3443;

    static final int STATE = 0;
    static final int EID = 1;
    static final int EIM_MESSAGE = 2;
    static final int IPA_MESSAGE = 3;
    static final int CLEAR_IPA_MESSAGE = 4;

    static final int READY = 0;
    static final int NOT_ABLE = 1;

    public static final ObjectDefinition DEFINITION = ObjectDefinition.builder(OBJECT_ID, "eSIM IoT")
            .version("1.0").multiple(false).mandatory(false)
            .description("GSMA SGP.32 ESipa between an eIM and the IPA of the gateway's eUICC.")
            .resource(r(STATE, "State", Operations.READ, ResourceType.INTEGER, true)
                    .description("0 ready for an eIM message, 1 not able to take one (no eUICC, no eIM key, or busy).").build())
            .resource(r(EID, "EID", Operations.READ, ResourceType.STRING, true).build())
            .resource(r(EIM_MESSAGE, "eIM message", Operations.WRITE, ResourceType.OPAQUE, true)
                    .description("An EsipaMessageFromEimToIpa in DER (SGP.32 6.3.1): TransferEimPackageRequest or "
                            + "GetEimPackageResponse.").build())
            .resource(r(IPA_MESSAGE, "IPA message", Operations.READ, ResourceType.OPAQUE, true)
                    .description("The IPA's answer, an EsipaMessageFromIpaToEim in DER; empty when there is none.").build())
            .resource(r(CLEAR_IPA_MESSAGE, "Clear IPA message", Operations.EXECUTE, ResourceType.NONE, true)
                    .description("Confirms the IPA message was delivered, and clears it.").build())
            .build();

    private EsimIotModel() {
    }

    private static ResourceDefinition.Builder r(int id, String name, Operations ops, ResourceType type, boolean mandatory) {
        return ResourceDefinition.builder(id, name, ops, type).mandatory(mandatory);
    }
}
