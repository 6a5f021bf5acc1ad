package org.scgateway.se.modem.internal;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * One modem port, one command at a time, whatever the number of logical channels above it: a command is sent, its
 * answer read to the final result code within the command timeout, unsolicited result codes handed on as they come.
 * A command stuck past its timeout fails naming the port and the command, never its parameters (an APDU may carry a
 * key).
 */
final class AtPort implements AutoCloseable {

    private final String name;
    private final LineTransport transport;
    private final long timeoutMillis;
    private final Consumer<String> unsolicited;

    AtPort(String name, LineTransport transport, long timeoutMillis, Consumer<String> unsolicited) {
        this.name = name;
        this.transport = transport;
        this.timeoutMillis = timeoutMillis;
        this.unsolicited = unsolicited;
    }

    String name() {
        return name;
    }

    /**
     * Runs {@code exchange}'s command and reads its answer.
     *
     * @return the exchange, answered {@code OK}
     * @throws AtException when the modem answered another final result (its {@link AtException#result()}), gave none in
     *         time, or the port failed
     */
    synchronized AtExchange run(AtExchange exchange) throws AtException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            for (String stale : transport.discardInput()) {
                // A late answer to a command given up is dropped; anything else between commands was unsolicited.
                if (AtResult.parse(stale).isEmpty() && !stale.matches("\\+(CSIM|CGLA|CCHO):.*|\\d+|AT.*")) {
                    unsolicited.accept(stale);
                }
            }
            transport.send(exchange.command());
            boolean done = false;
            while (!done) {
                long left = deadline - System.currentTimeMillis();
                String line = left > 0 ? transport.receive(left) : null;
                if (line == null) {
                    throw AtException.timedOut(name + ": " + exchange.name() + " got no final result code within " + timeoutMillis + " ms");
                }
                int before = exchange.unsolicited().size();
                done = exchange.take(line);
                if (exchange.unsolicited().size() > before) {
                    unsolicited.accept(line.strip());
                }
            }
        } catch (IOException e) {
            throw new AtException(name + ": " + exchange.name() + " failed, the port: " + e.getMessage());
        }
        if (!exchange.result().isOk()) {
            throw new AtException(name + ": " + exchange.name() + " answered " + exchange.result(), exchange.result());
        }
        return exchange;
    }

    @Override
    public void close() {
        transport.close();
    }
}
