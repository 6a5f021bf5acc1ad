package org.scgateway.lwm2m.client.internal;

/** A setting is missing or wrong; the message names the setting and what it needs. */
final class InvalidConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidConfigurationException(String message) {
        super(message);
    }
}
