package org.scgateway.itests;

import java.util.EnumSet;
import java.util.List;

import org.scgateway.peers.leshan.core.SecurityMode;
import org.scgateway.peers.leshan.core.request.BindingMode;
import org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig;

/** What the suites' Leshan bootstrap servers write. */
final class BootstrapConfigs {

    private BootstrapConfigs() {
    }

    /**
     * Everything in /0 and /1 deleted, then the bootstrap server's own account and a management server's (short id
     * 123, lifetime 300 s, UDP), both NoSec, on 127.0.0.1.
     */
    static BootstrapConfig noSec(int bsPort, int coapPort) {
        BootstrapConfig bc = new BootstrapConfig();
        BootstrapConfig.ServerConfig dm = new BootstrapConfig.ServerConfig();
        dm.shortId = 123;
        dm.lifetime = 300;
        dm.binding = EnumSet.of(BindingMode.U);
        bc.servers.put(0, dm);
        BootstrapConfig.ServerSecurity bsSecurity = new BootstrapConfig.ServerSecurity();
        bsSecurity.uri = "coap://127.0.0.1:" + bsPort;
        bsSecurity.bootstrapServer = true;
        bsSecurity.securityMode = SecurityMode.NO_SEC;
        bc.security.put(0, bsSecurity);
        BootstrapConfig.ServerSecurity dmSecurity = new BootstrapConfig.ServerSecurity();
        dmSecurity.uri = "coap://127.0.0.1:" + coapPort;
        dmSecurity.bootstrapServer = false;
        dmSecurity.securityMode = SecurityMode.NO_SEC;
        dmSecurity.serverId = 123;
        bc.security.put(1, dmSecurity);
        bc.toDelete = List.of("/0", "/1");
        return bc;
    }
}
