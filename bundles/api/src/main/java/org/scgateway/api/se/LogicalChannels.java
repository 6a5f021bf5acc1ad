package org.scgateway.api.se;

import java.util.Optional;

import org.scgateway.api.se.SecureElementException.Reason;

/**
 * What every driver does the same way around its own MANAGE CHANNEL: waiting, with back-off, for a channel to be
 * freed, and selecting an application on a new channel. A driver supplies one attempt; the policy is here.
 */
public final class LogicalChannels {

    /** How long {@link #open} waits for a channel to be freed. */
    public static final long CHANNEL_WAIT_MS = 5_000;

    /** One MANAGE CHANNEL open: a channel, or {@link Reason#NO_CHANNEL_AVAILABLE} when every one is in use. */
    @FunctionalInterface
    public interface Attempt {
        ApduChannel open() throws SecureElementException;
    }

    private LogicalChannels() {
    }

    /**
     * Opens a logical channel; when every channel is in use, tries again with a growing pause (10 ms to 200 ms) for up
     * to {@link #CHANNEL_WAIT_MS}: the gateway's components (and other programs on a reader) share a card's few
     * channels, each for a moment, and all look at a card when it arrives.
     *
     * @param element for messages: the element's id, or its reader
     */
    public static ApduChannel open(String element, Attempt attempt) throws SecureElementException {
        long deadline = System.nanoTime() + CHANNEL_WAIT_MS * 1_000_000L;
        long pause = 10;
        while (true) {
            try {
                return attempt.open();
            } catch (SecureElementException e) {
                if (e.reason() != Reason.NO_CHANNEL_AVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecureElementException(Reason.NO_CHANNEL_AVAILABLE, "interrupted waiting for a logical channel of " + element);
            }
            pause = Math.min(pause * 2, 200);
        }
    }

    /**
     * Selects {@code aid} on a channel just opened (SELECT by DF name, first occurrence, FCP): the channel, keeping the
     * answer as its {@link ApduChannel#selectResponse()}; if the card refuses, the channel is closed again and a
     * {@link StatusWordException} carries the status word.
     */
    public static ApduChannel select(ApduChannel opened, Aid aid, String element) throws SecureElementException {
        ResponseApdu answer;
        try {
            answer = opened.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x04, aid.bytes(), 256));
        } catch (SecureElementException | RuntimeException e) {
            opened.close();
            throw e;
        }
        if (!answer.isOk()) {
            opened.close();
            throw new StatusWordException(answer.statusWord(), "SELECT " + aid + " on " + element);
        }
        return new ForwardingApduChannel(opened) {
            @Override
            public Optional<ResponseApdu> selectResponse() {
                return Optional.of(answer);
            }
        };
    }
}
