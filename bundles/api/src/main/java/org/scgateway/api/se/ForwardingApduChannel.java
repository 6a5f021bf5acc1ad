package org.scgateway.api.se;

import java.util.Optional;

/**
 * An {@link ApduChannel} that hands everything to another: the base of a decorator (GET RESPONSE chaining, a
 * secure channel, counting in a test), which overrides what it adds to and inherits the rest.
 */
public abstract class ForwardingApduChannel implements ApduChannel {

    /** The channel underneath. */
    protected final ApduChannel delegate;

    protected ForwardingApduChannel(ApduChannel delegate) {
        if (delegate == null) {
            throw new IllegalArgumentException("a forwarding channel needs a channel to forward to");
        }
        this.delegate = delegate;
    }

    @Override
    public int channelNumber() {
        return delegate.channelNumber();
    }

    @Override
    public Optional<ResponseApdu> selectResponse() {
        return delegate.selectResponse();
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) throws SecureElementException {
        return delegate.transmit(command);
    }

    @Override
    public ExclusiveHold holdExclusive() throws SecureElementException {
        return delegate.holdExclusive();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
