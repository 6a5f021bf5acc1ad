package org.scgateway.api.component;

/** The state of a {@link SecureComponent}, as its backend last saw it. */
public enum ComponentState {
    /** Present and able to take commands. */
    READY,
    /** Present, but an exclusive session (a secure channel, a script) holds it; new work waits or fails. */
    BUSY,
    /** Present, but it refuses management: a terminated or locked life-cycle state. */
    LOCKED,
    /** Present, but the last exchange failed in a way the backend could not recover from by itself. */
    FAULT
}
