package org.scgateway.lwm2m.objects.internal;


import static org.junit.Assert.assertEquals;

import java.io.InputStream;
import java.util.List;

import org.eclipse.leshan.core.model.DDFFileParser;
import org.eclipse.leshan.core.model.DefaultDDFFileValidatorFactory;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.junit.Test;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.lwm2m.objects.internal.admin.AdminObjectModel;
import org.scgateway.lwm2m.objects.internal.esimiot.EsimIotModel;
import org.scgateway.lwm2m.objects.internal.rsp.RspObjectModel;

/** The DDF file servers load and the model the client serves are the same object. */
public class ObjectModelsTest {

    @Test
    public void theDdfFileIsTheModelOfTheObject() throws Exception {
        assertSameModel("42769.xml", AdminObjectModel.DEFINITION);
    }

    @Test
    public void theRemoteSimProvisioningDdfFileIsTheModelOfObject504() throws Exception {
        assertSameModel("504.xml", RspObjectModel.DEFINITION);
    }

    @Test
    public void theEsimIotDdfFileIsTheModelOfObject3443() throws Exception {
        assertSameModel("3443.xml", EsimIotModel.DEFINITION);
    }

    /**
     * Each shipped file passes Leshan's validating loader: the schema its LWM2MVersion names (1.0: LWM2M.xsd,
     * 1.1: LWM2M-v1_1.xsd), and the two consistent, as standard servers load them. The registry's 504 and 3443
     * are LwM2M 1.0 objects; a 1.0 object naming the 1.1 schema is refused ("LWM2MVersion is not consistent").
     */
    @Test
    public void everyShippedModelPassesLeshansValidatingLoader() throws Exception {
        for (String file : new String[] {"42769.xml", "504.xml", "3443.xml"}) {
            try (InputStream in = getClass().getResourceAsStream("/models/" + file)) {
                assertEquals(file, 1, new DDFFileParser(new DefaultDDFFileValidatorFactory()).parse(in, file).size());
            }
        }
    }

    private void assertSameModel(String file, ObjectDefinition definition) throws Exception {
        List<ObjectModel> models;
        try (InputStream in = getClass().getResourceAsStream("/models/" + file)) {
            models = new DDFFileParser().parse(in, file);
        }
        assertEquals(1, models.size());
        ObjectModel xml = models.get(0);
        assertEquals(definition.id(), (int) xml.id);
        assertEquals(definition.name(), xml.name);
        assertEquals(definition.isMultiple(), xml.multiple);
        assertEquals(definition.resources().keySet(), xml.resources.keySet());
        for (ResourceDefinition r : definition.resources().values()) {
            ResourceModel m = xml.resources.get(r.id());
            String at = "resource " + r.id();
            assertEquals(at, r.name(), m.name);
            assertEquals(at, r.isMultiple(), m.multiple);
            assertEquals(at, r.isMandatory(), m.mandatory);
            assertEquals(at, r.operations().name().replace("READ_WRITE", "RW").replace("READ", "R").replace("WRITE", "W")
                    .replace("EXECUTE", "E").replace("NONE", "NONE"), m.operations.name());
            assertEquals(at, r.type().name(), m.type.name());
        }
    }
}
