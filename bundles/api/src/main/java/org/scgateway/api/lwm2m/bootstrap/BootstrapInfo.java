package org.scgateway.api.lwm2m.bootstrap;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link BootstrapSource} gives: the server accounts (at most one bootstrap server and any LwM2M
 * servers, each with its OSCORE context if it has one) and the Access Control instances.
 */
public final class BootstrapInfo {

    private final List<ServerAccount> accounts;
    private final String fingerprint;
    private final List<AccessControl> accessControl;

    private BootstrapInfo(List<ServerAccount> accounts, String fingerprint, List<AccessControl> accessControl) {
        this.accounts = accounts;
        this.fingerprint = fingerprint;
        this.accessControl = accessControl;
    }

    /**
     * @throws IllegalArgumentException if there is no account, more than one bootstrap server, or two
     *         LwM2M servers with one short server id
     */
    public static BootstrapInfo of(List<ServerAccount> accounts) {
        Objects.requireNonNull(accounts, "accounts");
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("bootstrap information needs at least one server account");
        }
        if (accounts.stream().filter(ServerAccount::isBootstrapServer).count() > 1) {
            throw new IllegalArgumentException("bootstrap information names more than one bootstrap server");
        }
        long servers = accounts.stream().filter(a -> !a.isBootstrapServer()).count();
        long ids = accounts.stream().filter(a -> !a.isBootstrapServer()).mapToInt(ServerAccount::shortServerId).distinct().count();
        if (servers != ids) {
            throw new IllegalArgumentException("two LwM2M servers share one short server id");
        }
        return new BootstrapInfo(List.copyOf(accounts), null, List.of());
    }

    /**
     * Bootstrap information with a fingerprint of the data it came from (a digest of the card's file). The
     * client compares fingerprints at each Register and Update (LwM2M 1.1, 5.2.3.2) and bootstraps again
     * when the source's has changed.
     *
     * @throws IllegalArgumentException as {@link #of(List)}, or for a blank fingerprint
     */
    public static BootstrapInfo of(List<ServerAccount> accounts, String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("a fingerprint is not blank");
        }
        return new BootstrapInfo(of(accounts).accounts, fingerprint, List.of());
    }

    /**
     * The same information with these Access Control (2) instances.
     *
     * @throws IllegalArgumentException if two of them are for one object instance
     */
    public BootstrapInfo withAccessControl(List<AccessControl> instances) {
        long distinct = instances.stream().map(a -> a.objectId() + "/" + a.instanceId()).distinct().count();
        if (distinct != instances.size()) {
            throw new IllegalArgumentException("two access control instances are for one object instance");
        }
        return new BootstrapInfo(accounts, fingerprint, List.copyOf(instances));
    }

    /** The Access Control (2) instances; empty when the source gives none. */
    public List<AccessControl> accessControl() {
        return accessControl;
    }

    /** What identifies the data these accounts came from; empty when the source gives none. */
    public Optional<String> fingerprint() {
        return Optional.ofNullable(fingerprint);
    }

    public List<ServerAccount> accounts() {
        return accounts;
    }

    /** The LwM2M servers (not the bootstrap server), in the order given. */
    public List<ServerAccount> servers() {
        return accounts.stream().filter(a -> !a.isBootstrapServer()).collect(java.util.stream.Collectors.toUnmodifiableList());
    }

    public Optional<ServerAccount> bootstrapServer() {
        return accounts.stream().filter(ServerAccount::isBootstrapServer).findFirst();
    }

    @Override
    public String toString() {
        return "BootstrapInfo" + accounts;
    }
}
