package org.scgateway.globalplatform.seram;

import java.util.Arrays;

import org.scgateway.api.component.AbstractSecureComponent;
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ForwardingApduChannel;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.scp03.Scp03TestCard;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * The test peer of the runner: a card with one application that keeps one file, readable only inside SCP03
 * (the card side is this bundle's, {@link Scp03TestCard}), as the PKCS#15 application of a bootstrap card
 * keeps EF LwM2M_Bootstrap. SELECT by path {@code 7FFF 6432} finds the file, READ BINARY reads it; a SELECT by
 * AID inside the session ends it with 6882, as a GlobalPlatform card does. Counts the channels left open.
 */
final class SecuredFileCard extends AbstractSecureComponent implements SecureElement {

    static final Aid APPLICATION = Aid.fromHex("A000000063504B43532D3135");
    static final byte[] FILE = {0x00, 0x02, 0x00, 0x3E, 0x01, 0x02};
    private static final byte[] PATH = {0x7F, (byte) 0xFF, 0x64, 0x32};

    private final Scp03Keys keys;
    int openChannels;

    SecuredFileCard(Scp03Keys keys) {
        super("secured-file-card", ComponentKind.UICC, "test", Identification.empty());
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

    /** A channel to the application: SCP03 by this bundle's card side, the file behind it; counted while open. */
    private final class Channel extends ForwardingApduChannel {
        private boolean open = true;

        Channel() {
            super(new Scp03TestCard(keys, 1, APPLICATION.bytes(), SecuredFileCard::application));
            openChannels++;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                openChannels--;
            }
            super.close();
        }
    }

    private static ResponseApdu application(CommandApdu c) throws StatusWordException {
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
}
