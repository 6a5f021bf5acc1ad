package org.scgateway.se.pcsc.internal;

import java.util.Optional;

import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

import org.scgateway.api.se.SecureElement;

/** The PC/SC driver's element for the card in the first reader whose name starts so, for bench/run (no framework). */
public final class BenchPcscCard {

    private BenchPcscCard() {
    }

    /** Empty when there is no pcscd, or no card in such a reader within {@code waitMs}. */
    public static Optional<SecureElement> connect(String readerPrefix, long waitMs) {
        try {
            TerminalFactory factory = PcscLibrary.factory("");
            long deadline = System.currentTimeMillis() + waitMs;
            while (System.currentTimeMillis() < deadline) {
                CardTerminals terminals = factory.terminals();
                for (CardTerminal t : terminals.list(CardTerminals.State.CARD_PRESENT)) {
                    if (t.getName().startsWith(readerPrefix)) {
                        return Optional.of(PcscSecureElement.connect(t, new PcscSecureElement.Timeouts(10_000, 10_000), lost -> { }, () -> { }));
                    }
                }
                Thread.sleep(100);
            }
        } catch (Exception | LinkageError e) {
            System.err.println("no PC/SC card for the bench: " + e);
        }
        return Optional.empty();
    }
}
