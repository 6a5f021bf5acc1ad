package org.scgateway.run;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Optional;

/**
 * Whether the Web Console the ready line is about to announce is this gateway's: Jetty's failure to bind its port goes
 * to stdout only, and the line would otherwise send the operator, with the admin user, to whoever holds the port (issue
 * 22, finding 9). The console answers an unauthenticated request with 401 and its realm; nothing else here does.
 */
final class WebConsoleCheck {

    private static final String REALM = "OSGi Management Console";

    private WebConsoleCheck() {
    }

    /** Empty when the console answers at {@code host:port}; else why not, to say instead of its address. */
    static Optional<String> whyNotServed(String host, String port) {
        String h = host == null || host.isBlank() || host.equals("0.0.0.0") ? "127.0.0.1" : host;
        String why = "no answer";
        long deadline = System.currentTimeMillis() + 5_000; // the HTTP service may still be starting its connector
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + h + ":" + port + "/system/console").toURL().openConnection();
                c.setConnectTimeout(2_000);
                c.setReadTimeout(2_000);
                c.setInstanceFollowRedirects(false);
                try {
                    String auth = c.getHeaderField("WWW-Authenticate");
                    if (c.getResponseCode() == 401 && auth != null && auth.contains(REALM)) {
                        return Optional.empty();
                    }
                    return Optional.of("port " + port + " answers, but not as this gateway's console (HTTP " + c.getResponseCode()
                            + "): another program holds it; set SCGW_HTTP_PORT to a free one");
                } finally {
                    c.disconnect();
                }
            } catch (java.net.SocketTimeoutException e) {
                return Optional.of("port " + port + " is held by a program that does not answer as this gateway's console; set "
                        + "SCGW_HTTP_PORT to a free one");
            } catch (IOException e) {
                why = e.getMessage();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.of("nothing answers on port " + port + " (" + why + "); see the messages above");
    }
}
