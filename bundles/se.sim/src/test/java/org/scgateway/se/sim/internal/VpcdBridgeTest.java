package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertArrayEquals;


import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;

import org.junit.Test;

/** The bridge against a stand-in for vpcd: a socket that speaks vpcd's framing, as pcscd's driver does. */
public class VpcdBridgeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ATR = HEX.parseHex("3B9F96801FC78031A073BE21136743200718000001A5");

    private static byte[] exchange(DataOutputStream out, DataInputStream in, byte[] payload) throws Exception {
        out.writeShort(payload.length);
        out.write(payload);
        out.flush();
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        return answer;
    }

    @Test
    public void answersAtrAndApdusAndResetsOnPowerCycle() throws Exception {
        SimulatedCard card = SimulatedCardTest.bootstrapCard();
        try (ServerSocket vpcd = new ServerSocket(0)) {
            VpcdBridge bridge = new VpcdBridge(card, ATR, "127.0.0.1", vpcd.getLocalPort());
            bridge.start();
            try (Socket s = vpcd.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                assertArrayEquals("get ATR", ATR, exchange(out, in, new byte[] {VpcdBridge.CTRL_ATR}));
                out.writeShort(1);
                out.write(VpcdBridge.CTRL_ON);
                byte[] open = exchange(out, in, HEX.parseHex("0070000001"));
                assertArrayEquals("MANAGE CHANNEL open", HEX.parseHex("019000"), open);
                assertArrayEquals(HEX.parseHex("9000"), exchange(out, in, HEX.parseHex("01A4040C0CA000000063504B43532D3135")));

                out.writeShort(1);
                out.write(VpcdBridge.CTRL_RESET);
                assertArrayEquals("after a reset the channel is gone", HEX.parseHex("6881"), exchange(out, in, HEX.parseHex("01B0000010")));
                assertArrayEquals("a malformed APDU gets 6700", HEX.parseHex("6700"), exchange(out, in, HEX.parseHex("00A400")));
            } finally {
                bridge.stop();
            }
        }
    }

    /**
     * The bridge is an interface of its own, as on a dual-interface card: pcscd powers an idle card off after 5 s and
     * on at the next connect, and that power cycle ends the bridge's channels, not a channel the gateway has open in
     * process at the same moment (seen: an in-process channel freed by it, and then closed under an LPA's feet).
     */
    @Test
    public void aPowerCycleThroughVpcdLeavesTheGatewaysOwnChannelsAlone() throws Exception {
        SimulatedCard card = SimulatedCardTest.bootstrapCard();
        try (ServerSocket vpcd = new ServerSocket(0)) {
            VpcdBridge bridge = new VpcdBridge(card, ATR, "127.0.0.1", vpcd.getLocalPort());
            bridge.start();
            try (Socket s = vpcd.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                org.scgateway.api.se.ResponseApdu own = card.transmit(org.scgateway.api.se.CommandApdu.parse(HEX.parseHex("0070000001")));
                assertArrayEquals("the gateway's channel 1", HEX.parseHex("01"), own.data());
                assertArrayEquals("the bridge's channel 1 too: numbers are per interface", HEX.parseHex("019000"),
                        exchange(out, in, HEX.parseHex("0070000001")));
                out.writeShort(1);
                out.write(VpcdBridge.CTRL_OFF);
                out.writeShort(1);
                out.write(VpcdBridge.CTRL_ON);
                assertArrayEquals("the bridge's channel is gone", HEX.parseHex("6881"), exchange(out, in, HEX.parseHex("01B0000010")));
                org.scgateway.api.se.ResponseApdu select = card.transmit(org.scgateway.api.se.CommandApdu.parse(
                        HEX.parseHex("01A4040C0CA000000063504B43532D3135")));
                org.junit.Assert.assertEquals("the gateway's is still open", 0x9000, select.sw());
                org.junit.Assert.assertEquals("and closes as its own", 0x9000,
                        card.transmit(org.scgateway.api.se.CommandApdu.parse(HEX.parseHex("0070800100"))).sw());
                assertArrayEquals("the bridge opens its channel 1 afresh", HEX.parseHex("019000"), exchange(out, in, HEX.parseHex("0070000001")));
            } finally {
                bridge.stop();
            }
        }
    }

    @Test
    public void waitsForVpcdAndConnectsWhenItAppears() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        VpcdBridge bridge = new VpcdBridge(SimulatedCardTest.bootstrapCard(), ATR, "127.0.0.1", port);
        bridge.start();
        try {
            Thread.sleep(500); // nothing listens: the bridge retries
            try (ServerSocket vpcd = new ServerSocket(port); Socket s = vpcd.accept()) {
                assertArrayEquals(ATR, exchange(new DataOutputStream(s.getOutputStream()), new DataInputStream(s.getInputStream()),
                        new byte[] {VpcdBridge.CTRL_ATR}));
            }
        } finally {
            bridge.stop();
        }
    }
}
