package org.scgateway.credential.se.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.PskStore;
import org.eclipse.californium.scandium.dtls.pskstore.SinglePskStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.CardKeys;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.lwm2m.client.internal.BenchPskStores;
import org.scgateway.se.sim.internal.TestCards;

/**
 * A full DTLS 1.2 PSK handshake (TLS_PSK_WITH_AES_128_CCM_8, extended master secret, as Leshan's client and server
 * settle on) between two Scandium connectors in process: the client's master secret computed by the simulated card
 * over SCP03 level 33 (the gateway's {@code ComponentPskStore} and the card store's key commands), beside the same
 * handshake with the PSK in memory (Leshan's own store). Each operation forgets the session and shakes hands anew.
 * {@link #main} prints the APDUs one handshake costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PskHandshakeBench {

    private static final String IDENTITY = "bench-gateway";
    private static final String NAME = "lwm2m/server/1/psk";
    private static final byte[] PSK = "bench-psk-0123456789".getBytes(StandardCharsets.US_ASCII);

    /** Where the client's PSK is: "memory" (Leshan's store) or "card" (the simulated card computes the master secret). */
    @Param({"memory", "card"})
    public String key;

    private DTLSConnector server;
    private DTLSConnector client;
    private final AtomicReference<CompletableFuture<Void>> arrival = new AtomicReference<>();
    /** APDUs the card has answered, for {@link #main}. */
    final AtomicInteger apdus = new AtomicInteger();

    @Setup
    public void start() throws Exception {
        DtlsConfig.register();
        server = connector(DtlsRole.SERVER_ONLY, new SinglePskStore(IDENTITY, PSK));
        server.setRawDataReceiver(raw -> {
            CompletableFuture<Void> f = arrival.get();
            if (f != null) {
                f.complete(null);
            }
        });
        server.start();
        PskStore store;
        if (key.equals("memory")) {
            store = new SinglePskStore(IDENTITY, PSK);
        } else {
            CardCredentialStore card = new CardCredentialStore(counting(TestCards.builtIn()), new BuiltInKeys(), false);
            PskKeys keys = card.pskKeys().orElseThrow(() -> new IllegalStateException("the built-in card has no key commands"));
            keys.put(NAME, IDENTITY.getBytes(StandardCharsets.UTF_8), Secret.of(PSK));
            store = BenchPskStores.inComponent(IDENTITY, NAME, keys, card.location());
        }
        client = connector(DtlsRole.CLIENT_ONLY, store);
        client.setRawDataReceiver(raw -> { });
        client.start();
    }

    @TearDown
    public void stop() {
        client.destroy();
        server.destroy();
    }

    @Benchmark
    public void fullHandshake() throws Exception {
        client.clearConnectionState();
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        arrival.set(arrived);
        client.send(RawData.outbound(new byte[] {1}, new AddressEndpointContext(server.getAddress()), new MessageCallback() {
            @Override
            public void onConnecting() {
            }

            @Override
            public void onDtlsRetransmission(int flight) {
            }

            @Override
            public void onContextEstablished(EndpointContext context) {
            }

            @Override
            public void onSent() {
            }

            @Override
            public void onError(Throwable error) {
                arrived.completeExceptionally(error);
            }
        }, false));
        arrived.get(10, TimeUnit.SECONDS);
    }

    private static DTLSConnector connector(DtlsRole role, PskStore store) {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(DtlsConfig.DTLS_ROLE, role);
        c.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
        return new DTLSConnector(DtlsConnectorConfig.builder(c).setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setPskStore(store).build());
    }

    /** The built-in profile's SCP03 keys of the credential application, as the gateway would look them up. */
    private static final class BuiltInKeys implements CardKeys {
        @Override
        public Optional<Scp03Keys> lookup(String componentId) {
            byte[][] k = new byte[3][16];
            for (int n = 0; n < 3; n++) {
                for (int i = 0; i < 16; i++) {
                    k[n][i] = (byte) (n * 16 + i);
                }
            }
            return Optional.of(Scp03Keys.of(0x30, k[0], k[1], k[2]));
        }

        @Override
        public String howToProvision(String componentId) {
            return "the bench uses the built-in profile's keys";
        }
    }

    /**
     * The card, with every APDU counted as a card in a reader sees it: opening a logical channel is a MANAGE CHANNEL
     * (and a SELECT when an AID is given), closing one another.
     */
    private SecureElement counting(SecureElement card) {
        return (SecureElement) java.lang.reflect.Proxy.newProxyInstance(SecureElement.class.getClassLoader(), new Class<?>[] {SecureElement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("openLogicalChannel")) {
                        apdus.addAndGet(args == null || args.length == 0 ? 1 : 2);
                    }
                    Object r;
                    try {
                        r = method.invoke(card, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return r instanceof ApduChannel ? countingChannel((ApduChannel) r) : r;
                });
    }

    private ApduChannel countingChannel(ApduChannel channel) {
        return (ApduChannel) java.lang.reflect.Proxy.newProxyInstance(ApduChannel.class.getClassLoader(), new Class<?>[] {ApduChannel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("transmit") || method.getName().equals("close")) {
                        apdus.incrementAndGet();
                    }
                    try {
                        return method.invoke(channel, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Prints the APDUs one handshake with the card costs (opening the logical channel and closing it included). */
    public static void main(String[] args) throws Exception {
        PskHandshakeBench b = new PskHandshakeBench();
        b.key = "card";
        b.start();
        try {
            b.fullHandshake(); // the first: the store learns the key reference
            int before = b.apdus.get();
            b.fullHandshake();
            System.out.println(b.apdus.get() - before);
        } finally {
            b.stop();
        }
    }

}
