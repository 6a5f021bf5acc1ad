package org.scgateway.lwm2m.objects.internal.rsp;

import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.Operations;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;

/**
 * OMA object 504, Remote SIM Provisioning (ObjectVersion 1.0 of the OMA registry, as its current 504.xml numbers
 * it since 2021; a superseded 2020 copy, RSP Update at 5 and ICCIDs at 22, still circulates and was followed here
 * at first): the resources the gateway serves for an eUICC for M2M. Ids, types and operations are the registry's; {@code models/504.xml}
 * is this model as DDF, for servers, and a test holds the two together. The registry types RSP Update as a
 * String; an executable resource has no type in LwM2M 1.1, and so none here.
 */
public final class RspObjectModel {

    public static final int OBJECT_ID = 504;

    static final int CURRENT_SIM_TYPE = 0;
    static final int SUPPORTED_SIM_TYPES = 1;
    static final int SERVICE_PROVIDER = 2;
    static final int RSP_UPDATE = 4;
    static final int UPDATE_STATE = 5;
    static final int UPDATE_RESULT = 6;
    static final int PROFILE_NAME = 7;
    static final int ICCIDS = 11;
    static final int EID = 12;
    static final int RSP_TYPE = 13;
    static final int SELECTED_ICCID = 14;

    /** Current SIM Type values. */
    static final int REMOVABLE_EUICC = 1;
    static final int EMBEDDED_EUICC = 2;
    /** RSP Type: GSMA eSIM for M2M devices (SGP.02). */
    static final int ESIM_FOR_M2M = 1;

    /** RSP Update arguments the gateway carries out. */
    static final int ENABLE = 1;
    static final int DISABLE = 2;
    static final int DELETE = 3;

    /** RSP Update State. */
    static final int IDLE = 0;
    static final int ENABLING = 5;
    static final int DISABLING = 6;
    static final int DELETING = 7;

    /** RSP Update Result. */
    static final int INITIAL = 0;
    static final int SUCCESS = 1;
    static final int ENABLE_FAILED = 13;
    static final int DISABLE_FAILED = 14;
    static final int DELETE_FAILED = 15;

    public static final ObjectDefinition DEFINITION = ObjectDefinition.builder(OBJECT_ID, "Remote SIM Provisioning")
            .version("1.0").multiple(true).mandatory(false)
            .description("One instance per eUICC of the gateway: its profiles, and their enabling, disabling and deletion.")
            .resource(r(CURRENT_SIM_TYPE, "Current SIM Type", Operations.READ, ResourceType.INTEGER, true)
                    .description("1 eUICC (removable), 2 eUICC (non-removable).").build())
            .resource(r(SUPPORTED_SIM_TYPES, "Supported SIM Type", Operations.READ, ResourceType.INTEGER, true).multiple(true).build())
            .resource(r(SERVICE_PROVIDER, "Service Provider Name", Operations.READ, ResourceType.STRING, false)
                    .description("Of the profile the Selected ICCID names.").build())
            .resource(r(RSP_UPDATE, "RSP Update", Operations.EXECUTE, ResourceType.NONE, false).rangeEnumeration("1..3")
                    .description("Argument 1 enables, 2 disables, 3 deletes the profile the Selected ICCID names (0, download "
                            + "and install, and 4, reset memory, are refused). The outcome follows in RSP Update State and RSP "
                            + "Update Result.").build())
            .resource(r(UPDATE_STATE, "RSP Update State", Operations.READ, ResourceType.INTEGER, false).rangeEnumeration("0..10")
                    .description("0 idle, 5 enabling, 6 disabling, 7 deleting.").build())
            .resource(r(UPDATE_RESULT, "RSP Update Result", Operations.READ, ResourceType.INTEGER, false).rangeEnumeration("0..16")
                    .description("0 initial, 1 done, 13 enable failed, 14 disable failed, 15 delete failed.").build())
            .resource(r(PROFILE_NAME, "Profile Name", Operations.READ, ResourceType.STRING, false)
                    .description("Of the profile the Selected ICCID names.").build())
            .resource(r(ICCIDS, "Integrated Circuit Card Identifier (ICCID)", Operations.READ, ResourceType.STRING, true).multiple(true)
                    .description("Every profile on the eUICC; the enabled one is instance 0.").build())
            .resource(r(EID, "eUICC ID", Operations.READ, ResourceType.STRING, false).build())
            .resource(r(RSP_TYPE, "RSP Type", Operations.READ, ResourceType.INTEGER, true)
                    .description("1: GSMA eSIM for M2M devices.").build())
            .resource(r(SELECTED_ICCID, "Selected ICCID for RSP operation", Operations.READ_WRITE, ResourceType.STRING, false)
                    .description("The profile RSP Update acts on; one of the ICCIDs on the eUICC.").build())
            .build();

    private RspObjectModel() {
    }

    private static ResourceDefinition.Builder r(int id, String name, Operations ops, ResourceType type, boolean mandatory) {
        return ResourceDefinition.builder(id, name, ops, type).mandatory(mandatory);
    }
}
