package org.scgateway.lwm2m.client.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;

/** Our object definitions as Leshan models. */
final class Models {

    private Models() {
    }

    static ObjectModel toLeshan(ObjectDefinition d) {
        List<ResourceModel> resources = new ArrayList<>();
        for (ResourceDefinition r : d.resources().values()) {
            resources.add(new ResourceModel(r.id(), r.name(), operations(r), r.isMultiple(), r.isMandatory(), type(r.type()),
                    r.rangeEnumeration(), r.units(), r.description()));
        }
        return new ObjectModel(d.id(), d.name(), d.description(), d.version(), d.isMultiple(), d.isMandatory(), resources);
    }

    static ResourceModel.Type type(ResourceType t) {
        switch (t) {
            case NONE: return ResourceModel.Type.NONE;
            case STRING: return ResourceModel.Type.STRING;
            case INTEGER: return ResourceModel.Type.INTEGER;
            case UNSIGNED_INTEGER: return ResourceModel.Type.UNSIGNED_INTEGER;
            case FLOAT: return ResourceModel.Type.FLOAT;
            case BOOLEAN: return ResourceModel.Type.BOOLEAN;
            case OPAQUE: return ResourceModel.Type.OPAQUE;
            case TIME: return ResourceModel.Type.TIME;
            case OBJLNK: return ResourceModel.Type.OBJLNK;
            case CORELNK: return ResourceModel.Type.CORELINK;
            default: throw new IllegalArgumentException("no Leshan type for " + t);
        }
    }

    private static ResourceModel.Operations operations(ResourceDefinition r) {
        switch (r.operations()) {
            case READ: return ResourceModel.Operations.R;
            case WRITE: return ResourceModel.Operations.W;
            case READ_WRITE: return ResourceModel.Operations.RW;
            case EXECUTE: return ResourceModel.Operations.E;
            default: return ResourceModel.Operations.NONE;
        }
    }
}
