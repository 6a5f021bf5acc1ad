package org.scgateway.se.modem.internal;

import java.io.IOException;

/** A modem port as lines: what the AT command layer needs of a serial port, so that it is tested without one. */
interface LineTransport extends AutoCloseable {

    /** Sends {@code line} and its CR (V.250 5.2.1: a command line ends with S3, CR). */
    void send(String line) throws IOException;

    /**
     * The next non-empty line the modem sent, without its CR LF; null when none came within {@code timeoutMillis}.
     *
     * @throws IOException when the port is gone (a USB modem unplugged, reset)
     */
    String receive(long timeoutMillis) throws IOException;

    /**
     * Takes whatever the modem sent and no one read (an answer that came after its command was given up, an
     * unsolicited result code between commands), so that the next command's answer is its own.
     *
     * @return the whole lines taken
     */
    java.util.List<String> discardInput() throws IOException;

    @Override
    void close();
}
