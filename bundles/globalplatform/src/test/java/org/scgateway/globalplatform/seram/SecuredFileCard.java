package org.scgateway.globalplatform.seram;

import java.util.Arrays;
import java.util.Optional;

import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.ComponentState;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.scp03.Scp03CardSession;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * The test peer of the runner: a card with one application that keeps one file, readable only inside SCP03
 * (the card side is this bundle's {@link Scp03CardSession}), as the PKCS#15 application of a bootstrap card
 * keeps EF LwM2M_Bootstrap. SELECT by path {@code 7FFF 6432} finds the file, READ BINARY reads it; a SELECT by
 * AID inside the session ends it with 6882, as a GlobalPlatform card does. Counts the channels left open.
 */
final class SecuredFileCard implements SecureElement {

    static final Aid APPLICATION = Aid.fromHex("A000000063504B43532D3135");
    static final byte[] FILE = {0x00, 0x02, 0x00, 0x3E, 0x01, 0x02};
    private static final byte[] PATH = {0x7F, (byte) 0xFF, 0x64, 0x32};

    private final Scp03Keys keys;
    int openChannels;

    SecuredFileCard(Scp03Keys keys) {
        this.keys = keys;
    }

    @Override
    public ApduChannel openLogicalChannel(Aid aid) throws SecureElementException {
        if (!aid.equals(APPLICATION)) {
            throw new StatusWordException(StatusWord.FILE_NOT_FOUND, "SELECT " + aid);
        }
        return new Channel();
    }

    @Override
    public ApduChannel openLogicalChannel() {
        return new Channel();
    }

    @Override
    public ApduChannel openBasicChannel() {
        throw new UnsupportedOperationException("the runner takes a logical channel");
    }

    private final class Channel implements ApduChannel {
        private Scp03CardSession session;
        private boolean open = true;

        Channel() {
            openChannels++;
        }

        @Override
        public ResponseApdu transmit(CommandApdu command) {
            try {
                if (command.ins() == 0x50) {
                    session = Scp03CardSession.initializeUpdate(keys, new byte[10], 1, APPLICATION.bytes(), command.data(), true);
                    return ResponseApdu.of(session.initializeUpdateResponse(), StatusWord.OK);
                }
                if (command.ins() == 0x82 && session != null) {
                    session.externalAuthenticate(command);
                    return ResponseApdu.of(StatusWord.OK);
                }
                if (session == null || session.isEnded()) {
                    return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
                }
                CommandApdu plain = session.unwrapCommand(command);
                return session.wrapResponse(application(plain));
            } catch (StatusWordException e) {
                return ResponseApdu.of(e.statusWord());
            }
        }

        private ResponseApdu application(CommandApdu c) throws StatusWordException {
            if (c.ins() == 0xA4 && c.p1() == 0x04) {
                throw new StatusWordException(StatusWord.SECURE_MESSAGING_NOT_SUPPORTED, "SELECT by AID in the session");
            }
            if (c.ins() == 0xA4 && c.p1() == 0x08) {
                return ResponseApdu.of(Arrays.equals(c.data(), PATH) ? StatusWord.OK : StatusWord.FILE_NOT_FOUND);
            }
            if (c.ins() == 0xB0) {
                int n = c.ne() == 0 ? FILE.length : Math.min(c.ne(), FILE.length);
                return ResponseApdu.of(Arrays.copyOf(FILE, n), StatusWord.OK);
            }
            return ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        }

        @Override
        public int channelNumber() {
            return 1;
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
            if (open) {
                open = false;
                openChannels--;
            }
        }
    }

    @Override
    public String id() {
        return "secured-file-card";
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.UICC;
    }

    @Override
    public String backend() {
        return "test";
    }

    @Override
    public Identification identification() {
        return Identification.empty();
    }

    @Override
    public ComponentState state() {
        return ComponentState.READY;
    }
}
