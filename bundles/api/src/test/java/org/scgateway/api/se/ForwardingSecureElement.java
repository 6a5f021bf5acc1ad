package org.scgateway.api.se;

import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.ComponentState;
import org.scgateway.api.component.Identification;

/**
 * A Secure Element that is another one, with each channel it opens handed to {@link #wrap} first: the shape of a
 * test that wants to see or disturb a card's traffic (count commands, pull the card after the n-th). Shared through
 * api's test-support jar.
 */
public class ForwardingSecureElement implements SecureElement {

    protected final SecureElement delegate;

    public ForwardingSecureElement(SecureElement delegate) {
        this.delegate = delegate;
    }

    /** The channel as the test wants it seen; the default gives it as it is. */
    protected ApduChannel wrap(ApduChannel channel) {
        return channel;
    }

    @Override
    public ApduChannel openBasicChannel() throws SecureElementException {
        return wrap(delegate.openBasicChannel());
    }

    @Override
    public ApduChannel openLogicalChannel() throws SecureElementException {
        return wrap(delegate.openLogicalChannel());
    }

    @Override
    public ApduChannel openLogicalChannel(Aid aid) throws SecureElementException {
        return wrap(delegate.openLogicalChannel(aid));
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public ComponentKind kind() {
        return delegate.kind();
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public Identification identification() {
        return delegate.identification();
    }

    @Override
    public ComponentState state() {
        return delegate.state();
    }
}
