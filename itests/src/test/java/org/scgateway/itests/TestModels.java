package org.scgateway.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.scgateway.peers.leshan.core.model.DDFFileParser;
import org.scgateway.peers.leshan.core.model.DefaultDDFFileValidatorFactory;
import org.scgateway.peers.leshan.core.model.InvalidDDFFileException;
import org.scgateway.peers.leshan.core.model.ObjectLoader;
import org.scgateway.peers.leshan.core.model.ObjectModel;
import org.scgateway.peers.leshan.server.model.VersionedModelProvider;

/** What the suites' Leshan servers know: OMA's objects and the DDF files the gateway ships, as run/gateway gives them. */
final class TestModels {

    private TestModels() {
    }

    /**
     * OMA's objects, the gateway's own (42769, 3443), and 504 as the OMA registry has it, not as the gateway ships
     * it: the servers must reach the gateway's 504 through the registry's numbering. Every file goes through
     * Leshan's validating loader, as a standard server's would.
     */
    static VersionedModelProvider withGatewayObjects() throws IOException, InvalidDDFFileException {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        for (String file : new String[] {"42769.xml", "3443.xml"}) {
            try (InputStream in = Files.newInputStream(Paths.get("../bundles/lwm2m.objects/src/main/resources/models", file))) {
                models.addAll(validating().parse(in, file));
            }
        }
        try (InputStream in = Files.newInputStream(Paths.get("src/test/resources/registry/504.xml"))) {
            models.addAll(validating().parse(in, "registry 504.xml"));
        }
        return new VersionedModelProvider(models);
    }

    private static DDFFileParser validating() {
        return new DDFFileParser(new DefaultDDFFileValidatorFactory());
    }
}
