package org.scgateway.se.modem.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fazecast.jSerialComm.SerialPort;

/**
 * A modem's AT port through jSerialComm: 8N1 at the configured rate, no flow control, reads that wait at most a
 * short while so that a command's timeout is the caller's. Lines end with CR or LF; empty ones are skipped.
 */
final class SerialLineTransport implements LineTransport {

    /** How long one read waits before the caller's deadline is looked at again. */
    private static final int READ_SLICE_MS = 100;

    private final SerialPort port;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[512];
    private int buffered;
    private int position;

    private SerialLineTransport(SerialPort port) {
        this.port = port;
    }

    /** Opens {@code path} (a device such as {@code /dev/ttyUSB2}, or a link to one). */
    static SerialLineTransport open(String path, int baudRate) throws IOException {
        SerialPort port = SerialPort.getCommPort(path);
        port.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_SLICE_MS, 1_000);
        if (!port.openPort()) {
            throw new IOException(path + " cannot be opened (error " + port.getLastErrorCode() + ")");
        }
        return new SerialLineTransport(port);
    }

    @Override
    public void send(String line) throws IOException {
        byte[] bytes = (line + "\r").getBytes(StandardCharsets.US_ASCII);
        int n = port.writeBytes(bytes, bytes.length);
        if (n != bytes.length) {
            throw new IOException(port.getSystemPortPath() + " took " + n + " of " + bytes.length + " bytes");
        }
    }

    @Override
    public String receive(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            while (position < buffered) {
                byte b = buffer[position++];
                if (b == '\r' || b == '\n') {
                    if (partial.size() > 0) {
                        String line = partial.toString(StandardCharsets.US_ASCII);
                        partial.reset();
                        return line;
                    }
                } else if (partial.size() < 8192) {
                    partial.write(b);
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                return null;
            }
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0) {
                throw new IOException(port.getSystemPortPath() + " is gone");
            }
            buffered = n;
            position = 0;
        }
    }

    @Override
    public java.util.List<String> discardInput() throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String line = receive(0); line != null || port.bytesAvailable() > 0; line = receive(0)) {
            if (line != null) {
                lines.add(line);
            } else {
                int n = port.readBytes(buffer, Math.min(buffer.length, port.bytesAvailable()));
                if (n <= 0) {
                    break;
                }
                buffered = n;
                position = 0;
            }
        }
        partial.reset();
        return lines;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
