package org.scgateway.globalplatform.seram;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.apdu.GetResponseChannel;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.SecureChannels;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.globalplatform.seram.ScriptOutcome.Status;

/**
 * Runs a {@link RemoteScript} on a Secure Element: a logical channel of its own to the target application
 * (or to the one a new channel selects, usually the ISD), with GET RESPONSE handled, SCP03 over it at the
 * level asked for, each C-APDU in turn until one fails, and the channel closed whatever happens.
 */
public final class ScriptRunner {

    private ScriptRunner() {
    }

    /**
     * @param target the application to select, or empty for the one a new logical channel selects
     * @param level SCP03 level, or empty to send the C-APDUs as they are
     * @param keys the component's SCP03 keys, empty when none are provisioned; destroyed here
     */
    public static ScriptOutcome run(SecureElement se, RemoteScript script, Optional<Aid> target, Optional<SecurityLevel> level,
            Optional<Scp03Keys> keys) {
        List<ResponseApdu> responses = new ArrayList<>();
        String where = target.map(a -> "application " + a).orElse("the default application");
        ApduChannel channel;
        try {
            channel = target.isPresent() ? se.openLogicalChannel(target.get()) : se.openLogicalChannel();
        } catch (StatusWordException e) {
            keys.ifPresent(Scp03Keys::destroy);
            return new ScriptOutcome(Status.UNKNOWN_APPLICATION, script.response(responses),
                    "the card would not select " + where + ": " + e.getMessage());
        } catch (SecureElementException e) {
            keys.ifPresent(Scp03Keys::destroy);
            return lost(script, responses, "no channel to " + where + ": " + e.getMessage());
        }
        // As the project's other readers do: a T=0 card's 61xx/6Cxx is answered here, so the server gets each
        // command's data in its R-APDU rather than a 61xx it could do nothing with in a fixed script.
        ApduChannel to = new GetResponseChannel(channel);
        try {
            if (level.isPresent()) {
                if (keys.isEmpty()) {
                    return new ScriptOutcome(Status.SECURITY_ERROR, script.response(responses),
                            "SCP03 was asked for and no SCP03 keys are provisioned for card " + se.id());
                }
                try {
                    to = SecureChannels.open(channel, keys.get(), level.get());
                } catch (SecureElementException e) {
                    to = null; // closed by the failed opening
                    if (e.reason() == SecureElementException.Reason.CARD_REMOVED || e.reason() == SecureElementException.Reason.TRANSPORT) {
                        return lost(script, responses, "the card went away while SCP03 was opened: " + e.getMessage());
                    }
                    return new ScriptOutcome(Status.SECURITY_ERROR, script.response(responses),
                            "SCP03 with " + where + " failed: " + e.getMessage());
                }
            }
            List<CommandApdu> commands = script.commands();
            for (int i = 0; i < commands.size(); i++) {
                CommandApdu c = commands.get(i);
                ResponseApdu r;
                try {
                    r = to.transmit(c);
                } catch (SecureElementException e) {
                    String which = String.format("C-APDU %d of %d (INS %02X)", i + 1, commands.size(), c.ins());
                    if (e.reason() == SecureElementException.Reason.SECURITY) {
                        // The card answered, but not as the secure channel demands (an R-MAC that does not verify, a
                        // session the card ended): the component is there, the channel is not to be trusted.
                        return new ScriptOutcome(Status.SECURITY_ERROR, script.response(responses),
                                which + ": the secure channel failed: " + e.getMessage());
                    }
                    return lost(script, responses, which + " got no answer: " + e.getMessage());
                }
                responses.add(r);
                if (level.isPresent() && isSecureMessagingError(r.sw())) {
                    return new ScriptOutcome(Status.SECURITY_ERROR, script.response(responses), String.format(
                            "C-APDU %d of %d (INS %02X): the card refused its secure messaging (%04X); the %d after it did not run",
                            i + 1, commands.size(), c.ins(), r.sw(), commands.size() - i - 1));
                }
                if (!goesOn(r.sw())) {
                    return new ScriptOutcome(Status.STOPPED_AT_ERROR, script.response(responses), String.format(
                            "C-APDU %d of %d (INS %02X) was answered %04X; the %d after it did not run", i + 1, commands.size(),
                            c.ins(), r.sw(), commands.size() - i - 1));
                }
            }
            return new ScriptOutcome(Status.OK, script.response(responses),
                    commands.size() + " C-APDU(s) run on " + where + (level.map(l -> " over SCP03 " + l).orElse("")));
        } finally {
            keys.ifPresent(Scp03Keys::destroy);
            if (to != null) {
                closeWhatItOpened(to, script.commands(), responses);
                to.close(); // the session's hold on the card, and the channel beneath
            }
        }
    }

    /**
     * Closes the logical channels the script's own MANAGE CHANNEL commands opened and did not close: they would stay
     * taken on the card until it is reset, and a card has few (issue 22, finding 12). Sent the way the script's commands
     * went; a card that has gone closes them itself.
     */
    private static void closeWhatItOpened(ApduChannel to, List<CommandApdu> commands, List<ResponseApdu> responses) {
        java.util.Set<Integer> opened = new java.util.TreeSet<>();
        for (int i = 0; i < responses.size(); i++) {
            CommandApdu c = commands.get(i);
            ResponseApdu r = responses.get(i);
            if (c.ins() != 0x70 || c.isProprietaryClass() || !r.isOk()) {
                continue;
            }
            if (c.p1() == 0x00) {
                int n = c.p2() != 0 ? c.p2() : r.data().length == 1 ? r.data()[0] & 0xFF : -1;
                if (n > 0) {
                    opened.add(n);
                }
            } else if (c.p1() == 0x80) {
                opened.remove(c.p2());
            }
        }
        for (int n : opened) {
            try {
                to.transmit(CommandApdu.of(0x00, 0x70, 0x80, n));
            } catch (SecureElementException | RuntimeException e) {
                return; // the card or the channel went: nothing is left open on a card that is not there
            }
        }
    }

    /**
     * Normal processing (9000, 61xx, 91xx, 9Fxx) and warnings (62xx, 63xx: 62F1 is a truncated answer) go on;
     * anything else ends the script, as TS 102 226 has it.
     */
    static boolean goesOn(int sw) {
        int sw1 = sw >> 8;
        return sw == 0x9000 || sw1 == 0x61 || sw1 == 0x91 || sw1 == 0x9F || sw1 == 0x62 || sw1 == 0x63;
    }

    /**
     * ISO/IEC 7816-4's secure-messaging errors: 6882 not supported (a GlobalPlatform card answers a SELECT sent inside
     * the session so, and ends the session), 6987 data objects missing, 6988 data objects incorrect.
     */
    static boolean isSecureMessagingError(int sw) {
        return sw == StatusWord.SECURE_MESSAGING_NOT_SUPPORTED.value() || sw == StatusWord.SM_DATA_OBJECTS_MISSING.value()
                || sw == StatusWord.SM_DATA_OBJECTS_INCORRECT.value();
    }

    private static ScriptOutcome lost(RemoteScript script, List<ResponseApdu> responses, String why) {
        return new ScriptOutcome(Status.COMPONENT_LOST, script.response(responses), why);
    }
}
