package org.scgateway.globalplatform.scp03;

import java.util.Optional;

import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;

/**
 * A card application behind SCP03, the card side played by this bundle's {@link Scp03CardSession}: INITIALIZE UPDATE
 * and EXTERNAL AUTHENTICATE answered, every later command verified and decrypted and handed to the application, its
 * answer protected; before a session, or after one ended, 6982. Shared through globalplatform's test-support jar
 * ({@code org.scgateway.globalplatform:tests}) by the tests and the bench.
 */
public class Scp03TestCard implements ApduChannel {

    /** What the application does with a plain command; a status word thrown is answered as it is, unprotected. */
    @FunctionalInterface
    public interface Application {
        ResponseApdu process(CommandApdu command) throws StatusWordException;
    }

    /** Answers each command with its data reversed. */
    public static final Application REVERSE = c -> {
        byte[] d = c.data();
        byte[] r = new byte[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = d[d.length - 1 - i];
        }
        return ResponseApdu.of(r, StatusWord.OK);
    };

    /** Answers each command with its own data. */
    public static final Application ECHO = c -> ResponseApdu.of(c.data(), StatusWord.OK);

    private final Scp03Keys keys;
    private final int channel;
    private final byte[] sdAid;
    private final Application application;
    private Scp03CardSession session;
    private boolean open = true;
    /** The last plain command the application was given (only the last: the bench sends millions). */
    public CommandApdu lastSeenByApplication;
    /** Flips a bit of the next command's byte at this index on its way in; -1: none. */
    public int tamperNext = -1;

    /**
     * @param channel the logical channel number, put into CLA on the way in as a driver would
     * @param sdAid   the security domain's AID (the pseudo-random card challenge depends on it)
     */
    public Scp03TestCard(Scp03Keys keys, int channel, byte[] sdAid, Application application) {
        this.keys = keys;
        this.channel = channel;
        this.sdAid = sdAid.clone();
        this.application = application;
    }

    public Scp03CardSession session() {
        return session;
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) {
        CommandApdu onWire = command.onChannel(channel);
        if (tamperNext >= 0) {
            byte[] b = onWire.toBytes();
            b[tamperNext] ^= 0x01;
            onWire = CommandApdu.parse(b);
            tamperNext = -1;
        }
        try {
            if (onWire.ins() == 0x50) {
                session = Scp03CardSession.initializeUpdate(keys, new byte[10], 7, sdAid, onWire.data(), true);
                return ResponseApdu.of(session.initializeUpdateResponse(), StatusWord.OK);
            }
            if (session == null || session.isEnded()) {
                return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
            }
            if (onWire.ins() == 0x82) {
                session.externalAuthenticate(onWire);
                return ResponseApdu.of(StatusWord.OK);
            }
            CommandApdu plain = session.unwrapCommand(onWire);
            lastSeenByApplication = plain;
            return session.wrapResponse(application.process(plain));
        } catch (StatusWordException e) {
            return ResponseApdu.of(e.statusWord());
        }
    }

    @Override
    public int channelNumber() {
        return channel;
    }

    @Override
    public Optional<ResponseApdu> selectResponse() {
        return Optional.empty();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
