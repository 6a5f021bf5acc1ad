package org.scgateway.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.leshan.core.model.InvalidDDFFileException;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.server.model.VersionedModelProvider;

/** What the suites' Leshan servers know: OMA's objects and the DDF files the gateway ships, as run/gateway gives them. */
final class TestModels {

    private TestModels() {
    }

    static VersionedModelProvider withGatewayObjects() throws IOException, InvalidDDFFileException {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        for (String file : new String[] {"42769.xml", "504.xml", "3443.xml"}) {
            try (InputStream in = Files.newInputStream(Paths.get("../bundles/lwm2m.objects/src/main/resources/models", file))) {
                models.addAll(ObjectLoader.loadDdfFile(in, file));
            }
        }
        return new VersionedModelProvider(models);
    }
}
