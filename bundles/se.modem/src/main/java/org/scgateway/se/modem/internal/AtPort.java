package org.scgateway.se.modem.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One modem port, one command at a time, whatever the number of logical channels above it: a command is sent, its
 * answer read to the final result code within the command timeout, unsolicited result codes handed on as they come.
 * A command stuck past its timeout fails naming the port and the command, never its parameters (an APDU may carry a
 * key). A command that finds the port held by another longer than the busy wait, or the SIM busy ({@code +CME ERROR:
 * 14}) for longer, fails as busy.
 */
final class AtPort implements AutoCloseable {

    /** How long the driver waits between tries of a command the SIM was too busy for. */
    private static final long SIM_BUSY_RETRY_MS = 200;

    private final String name;
    private final LineTransport transport;
    private final long timeoutMillis;
    private final long busyMillis;
    private final Unsolicited unsolicited;
    /** Reentrant: a 61xx chain holds the port and runs its commands through {@link #run}. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Told each unsolicited result code, between commands and in the middle of an answer. */
    @FunctionalInterface
    interface Unsolicited {
        /** @return true when the code means no answer comes to the command in hand (the modem restarted) */
        boolean take(String line);
    }

    AtPort(String name, LineTransport transport, long timeoutMillis, long busyMillis, Unsolicited unsolicited) {
        this.name = name;
        this.transport = transport;
        this.timeoutMillis = timeoutMillis;
        this.busyMillis = busyMillis;
        this.unsolicited = unsolicited;
    }

    String name() {
        return name;
    }

    /**
     * Holds the port for a sequence of commands (a command and its GET RESPONSEs) no other command may come between.
     *
     * @throws AtException busy, when another held it past the busy wait
     */
    Hold hold(String what) throws AtException {
        try {
            if (!lock.tryLock(busyMillis, TimeUnit.MILLISECONDS)) {
                throw AtException.busy(name + ": " + what + " waited " + busyMillis + " ms for the port, busy with another command");
            }
        } catch (InterruptedException e) {
            throw AtException.interrupted(name + ": " + what + " interrupted while waiting for the port");
        }
        return lock::unlock;
    }

    /** Runs {@code exchange} when no other command holds the port, or does nothing (a port in use is alive). */
    boolean runIfIdle(AtExchange exchange) throws AtException {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            once(exchange);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code exchange}'s command and reads its answer.
     *
     * @return the exchange, answered {@code OK}
     * @throws AtException when the modem answered another final result (its {@link AtException#result()}), gave none in
     *         time, the port failed, or it stayed busy
     */
    AtExchange run(AtExchange exchange) throws AtException {
        try (Hold held = hold(exchange.name())) {
            long giveUp = System.currentTimeMillis() + busyMillis;
            while (true) {
                try {
                    return once(exchange);
                } catch (AtException e) {
                    // Not run by the SIM: tried again while the busy wait lasts.
                    if (e.result() == null || e.result().cmeCode() != AtResult.SIM_BUSY || System.currentTimeMillis() >= giveUp) {
                        throw e.result() != null && e.result().cmeCode() == AtResult.SIM_BUSY
                                ? AtException.busy(e.getMessage() + " for " + busyMillis + " ms") : e;
                    }
                }
                exchange = exchange.again();
                sleep(SIM_BUSY_RETRY_MS);
            }
        }
    }

    private AtExchange once(AtExchange exchange) throws AtException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            for (String stale : transport.discardInput()) {
                // A late answer to a command given up is dropped; anything else between commands was unsolicited.
                if (AtResult.parse(stale).isEmpty() && !stale.matches("\\+(CSIM|CGLA|CCHO):.*|\\d+|AT.*")) {
                    unsolicited.take(stale); // whatever it means, it was before this command
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
                if (exchange.unsolicited().size() > before && unsolicited.take(line.strip())) {
                    throw new AtException(name + ": " + exchange.name() + " was cut short: the modem said " + line.strip());
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

    private static void sleep(long ms) throws AtException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw AtException.interrupted("interrupted while the SIM was busy");
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    /** The port held; let go on close. */
    @FunctionalInterface
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
