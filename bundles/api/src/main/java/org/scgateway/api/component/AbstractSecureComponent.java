package org.scgateway.api.component;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every driver's component says of itself, fixed when it is made: its id, kind, backend and identification,
 * and that it is ready (a component that is not is withdrawn, not kept in another state). A driver extends it and
 * adds its protocol ({@code SecureElement}, {@code TrustedExecutionEnvironment}).
 */
@ConsumerType
public abstract class AbstractSecureComponent implements SecureComponent {

    /** Longest id a component gives: it appears in service properties, credential names and file names. */
    public static final int MAX_ID_LENGTH = 64;

    private final String id;
    private final ComponentKind kind;
    private final String backend;
    private final Identification identification;

    /** @param id cut to {@link #MAX_ID_LENGTH} characters */
    protected AbstractSecureComponent(String id, ComponentKind kind, String backend, Identification identification) {
        this.id = id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) : id;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.identification = Objects.requireNonNull(identification, "identification");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final ComponentKind kind() {
        return kind;
    }

    @Override
    public final String backend() {
        return backend;
    }

    @Override
    public final Identification identification() {
        return identification;
    }

    @Override
    public ComponentState state() {
        return ComponentState.READY;
    }
}
