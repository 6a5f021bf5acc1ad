package org.scgateway.run;

import java.io.File;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.DefaultServlet;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.leshan.core.model.DDFFileParser;
import org.eclipse.leshan.core.model.DefaultObjectModelValidator;
import org.eclipse.leshan.core.model.InvalidModelException;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ObjectModelValidator;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.server.californium.LeshanServer;
import org.eclipse.leshan.server.californium.LeshanServerBuilder;
import org.eclipse.leshan.server.demo.LeshanServerDemo;
import org.eclipse.leshan.server.demo.LwM2mDemoConstant;
import org.eclipse.leshan.server.demo.servlet.ClientServlet;
import org.eclipse.leshan.server.demo.servlet.EventServlet;
import org.eclipse.leshan.server.demo.servlet.ObjectSpecServlet;
import org.eclipse.leshan.server.demo.servlet.SecurityServlet;
import org.eclipse.leshan.server.demo.servlet.ServerServlet;
import org.eclipse.leshan.server.demo.utils.MagicLwM2mValueConverter;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.security.EditableSecurityStore;
import org.eclipse.leshan.server.security.FileSecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;

/**
 * The local LwM2M server run/gateway starts beside the gateway: Leshan's demo server and its web UI, put
 * together here rather than by the demo's own main for one reason. The demo validates the models of its
 * {@code -m} folder with a validator that takes object ids up to 42768 only, and so refuses the Secure
 * Component Admin object: OMNA keeps 42769-42800 for testing, and OMA has assigned it no id yet. Here a model
 * in that range is checked like any other but for its id. Runs with the demo's jar on the class path (it is
 * not part of the gateway). With a TAM folder it is also a TEEP TAM (see {@link LocalTam}); with a data folder
 * it knows the gateway's PSK account made there ({@link LocalAccount}), and a client with that endpoint must use
 * it. Usage: LocalLwM2mServer COAP_HOST:PORT COAPS_HOST:PORT WEB_HOST:PORT MODELS_DIR [TAM_DIR [DATA_DIR]]
 */
public final class LocalLwM2mServer {

    /** OMNA's "Object IDs for testing purpose". */
    static final int TEST_RANGE_FIRST = 42769;
    static final int TEST_RANGE_LAST = 42800;

    private LocalLwM2mServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 6) {
            System.err.println("usage: LocalLwM2mServer COAP_HOST:PORT COAPS_HOST:PORT WEB_HOST:PORT MODELS_DIR [TAM_DIR [DATA_DIR]]");
            System.exit(2);
        }
        System.setProperty("logback.configurationFile", "logback-config.xml"); // the demo jar's own logging set-up
        InetSocketAddress coap = address(args[0]);
        InetSocketAddress coaps = address(args[1]);
        InetSocketAddress web = address(args[2]);

        // What the demo knows (OMA's objects, the registry's it ships), then the gateway's own.
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadAllDefault());
        models.addAll(ObjectLoader.loadDdfResources("/models/", LwM2mDemoConstant.modelPaths));
        models.addAll(ObjectLoader.loadObjectsFromDir(new File(args[3]), new DDFFileParser(), new WithOmnaTestRange()));

        // A key pair of this run for DTLS with raw public keys; PSK needs none.
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        FileSecurityStore security = new PrivateFileSecurityStore(); // data/security.data, under the working directory
        EditableSecurityStore shown = security;
        if (args.length == 6) {
            LocalAccount account = LocalAccount.of(Paths.get(args[5]));
            if (Boolean.getBoolean("scgw.plainCoap")) {
                // run/gateway --plain-coap, or a gateway sent to its configured server, not the card's: plain CoAP,
                // which Leshan refuses while it knows a key for the endpoint.
                security.remove(account.endpoint, false);
                System.out.println("the gateway " + account.endpoint + " registers without security (--plain-coap, or not from the card)");
            } else {
                security.add(SecurityInfo.newPreSharedKeyInfo(account.endpoint, account.identity, account.key));
                System.out.println("the gateway " + account.endpoint + " is known by its PSK identity " + account.identity);
                shown = new WithoutAccount(security, account.endpoint);
            }
        }
        LeshanServer lwm2m = new LeshanServerBuilder().setLocalAddress(coap).setLocalSecureAddress(coaps)
                .setEncoder(new DefaultLwM2mEncoder(new MagicLwM2mValueConverter())).setDecoder(new DefaultLwM2mDecoder())
                .setObjectModelProvider(new VersionedModelProvider(models)).setSecurityStore(security)
                .setPublicKey(keys.getPublic()).setPrivateKey(keys.getPrivate()).build();

        Server jetty = new Server(web);
        ServletContextHandler root = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        root.setContextPath("/");
        ServletHolder ui = new ServletHolder(new DefaultServlet());
        ui.setInitParameter("resourceBase", LeshanServerDemo.class.getClassLoader().getResource("webapp2").toExternalForm());
        ui.setInitParameter("pathInfoOnly", "true");
        root.addServlet(ui, "/*");
        ServletHolder events = new ServletHolder(new EventServlet(lwm2m, coaps.getPort()));
        root.addServlet(events, "/event/*");
        root.addServlet(events, "/api/event/*");
        root.addServlet(new ServletHolder(new ClientServlet(lwm2m)), "/api/clients/*");
        root.addServlet(new ServletHolder(new SecurityServlet(shown, keys.getPublic())), "/api/security/*");
        root.addServlet(new ServletHolder(new ServerServlet(lwm2m, keys.getPublic())), "/api/server/*");
        root.addServlet(new ServletHolder(new ObjectSpecServlet(lwm2m.getModelProvider(), lwm2m.getRegistrationService())),
                "/api/objectspecs/*");
        if (args.length >= 5) {
            root.addServlet(new ServletHolder(new LocalTam(lwm2m, LocalTam.key(Paths.get(args[4])))), "/api/tam/*");
        }
        jetty.setHandler(root);

        lwm2m.start();
        jetty.start();
        System.out.println("local LwM2M server on coap://" + args[0] + " and coaps://" + args[1] + ", web UI http://" + args[2]
                + ", " + models.size() + " object models");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jetty.stop();
            } catch (Exception e) {
                // going anyway
            }
            lwm2m.destroy();
        }, "local-lwm2m-server-stop"));
        jetty.join();
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /**
     * The store as the web UI's Security page sees it: without the gateway's own account, whose key the demo's
     * page would show in hex to anyone reaching it. The server itself checks the gateway against the whole store.
     */
    static final class WithoutAccount implements EditableSecurityStore {
        private final EditableSecurityStore store;
        private final String endpoint;

        WithoutAccount(EditableSecurityStore store, String endpoint) {
            this.store = store;
            this.endpoint = endpoint;
        }

        @Override
        public SecurityInfo getByEndpoint(String ep) {
            return endpoint.equals(ep) ? null : store.getByEndpoint(ep);
        }

        @Override
        public SecurityInfo getByIdentity(String identity) {
            SecurityInfo info = store.getByIdentity(identity);
            return info != null && endpoint.equals(info.getEndpoint()) ? null : info;
        }

        @Override
        public java.util.Collection<SecurityInfo> getAll() {
            return store.getAll().stream().filter(i -> !endpoint.equals(i.getEndpoint())).collect(java.util.stream.Collectors.toList());
        }

        @Override
        public SecurityInfo add(SecurityInfo info) throws org.eclipse.leshan.server.security.NonUniqueSecurityInfoException {
            if (endpoint.equals(info.getEndpoint())) {
                throw new org.eclipse.leshan.server.security.NonUniqueSecurityInfoException(
                        "the gateway's own account is kept by run/gateway (local-server/account.properties)");
            }
            return store.add(info);
        }

        @Override
        public SecurityInfo remove(String ep, boolean infosAreCompromised) {
            return endpoint.equals(ep) ? null : store.remove(ep, infosAreCompromised);
        }

        @Override
        public void setListener(org.eclipse.leshan.server.security.SecurityStoreListener listener) {
            // the server's own listener on the store stays: this view is the page's only
        }
    }

    /**
     * Leshan's file store, kept in a file only its owner reads: it holds the keys of the clients it knows. Leshan
     * creates the file with the process's default mode (644 here) and rewrites it in place, keeping its mode.
     */
    static final class PrivateFileSecurityStore extends FileSecurityStore {
        private static final java.nio.file.Path FILE = Paths.get("data", "security.data"); // Leshan's default

        PrivateFileSecurityStore() throws java.io.IOException {
            if (java.nio.file.Files.exists(FILE)) {
                PrivateFiles.restrict(FILE);
            }
        }

        @Override
        protected void saveToFile() {
            try {
                PrivateFiles.createIfAbsent(FILE);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + FILE + " (mode 600)", e);
            }
            super.saveToFile();
        }
    }

    /** Leshan's checks, with OMNA's test range allowed: such a model is checked as if at the highest id Leshan takes. */
    static final class WithOmnaTestRange implements ObjectModelValidator {
        private final DefaultObjectModelValidator leshan = new DefaultObjectModelValidator();

        @Override
        public void validate(List<ObjectModel> models, String file) throws InvalidModelException {
            for (ObjectModel m : models) {
                if (m.id != null && m.id >= TEST_RANGE_FIRST && m.id <= TEST_RANGE_LAST) {
                    int stand = TEST_RANGE_FIRST - 1;
                    String urn = m.urn == null ? null : m.urn.replace(":" + m.id + ":", ":" + stand + ":");
                    leshan.validate(new ObjectModel(stand, m.name, m.description, m.version, m.multiple, m.mandatory, m.resources.values(),
                            urn, m.lwm2mVersion, m.description2), file);
                } else {
                    leshan.validate(m, file);
                }
            }
        }
    }
}
