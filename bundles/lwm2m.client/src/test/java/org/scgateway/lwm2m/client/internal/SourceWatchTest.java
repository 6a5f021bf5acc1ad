package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.Test;
import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSource;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSourceException;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/** The check at each Register and Update of LwM2M 1.1 5.2.3.2, against a source whose data can change. */
public class SourceWatchTest {

    private String onCard = "sha-256:aa";
    private boolean unreadable;
    private final List<String> rebootstraps = new ArrayList<>();

    private final BootstrapSource source = new BootstrapSource() {
        @Override
        public String description() {
            return "smartcard test";
        }

        @Override
        public Optional<BootstrapInfo> read() throws BootstrapSourceException {
            if (unreadable) {
                throw new BootstrapSourceException("the card was removed");
            }
            return onCard == null ? Optional.empty()
                    : Optional.of(BootstrapInfo.of(List.of(ServerAccount.server("coap://127.0.0.1:5683", 1).build()), onCard));
        }
    };

    /** Runs the check at once, in the caller's thread. */
    private final SourceWatch watch = new SourceWatch(source, "sha-256:aa", Runnable::run, rebootstraps::add);

    @Test
    public void unchangedDataLeavesTheClientAlone() {
        watch.onRegistrationStarted(null, null);
        watch.onUpdateStarted(null, null);
        assertTrue(rebootstraps.isEmpty());
    }

    @Test
    public void changedDataBootstrapsAgainOnceAndSaysWhy() {
        onCard = "sha-256:bb";
        watch.onUpdateStarted(null, null);
        watch.onUpdateStarted(null, null);
        assertEquals(1, rebootstraps.size());
        assertTrue(rebootstraps.get(0), rebootstraps.get(0).contains("changed (checked at Update)"));
        assertTrue("no digest of data that holds keys reaches the log: " + rebootstraps.get(0), !rebootstraps.get(0).contains("sha-256"));
    }

    @Test
    public void dataThatIsGoneBootstrapsAgain() {
        onCard = null;
        watch.onRegistrationStarted(null, null);
        assertEquals(1, rebootstraps.size());
        assertTrue(rebootstraps.get(0), rebootstraps.get(0).contains("is gone"));
    }

    @Test
    public void aSourceThatCannotBeReadIsNoChange() {
        unreadable = true;
        watch.onUpdateStarted(null, null);
        assertTrue(rebootstraps.isEmpty());
        unreadable = false;
        onCard = "sha-256:cc";
        watch.onUpdateStarted(null, null);
        assertEquals("checked again at the next Update", 1, rebootstraps.size());
    }

    @Test
    public void aSourceThatFailedIsTakenOnceItCanBeUsed() {
        SourceWatch failed = new SourceWatch(source, null, Runnable::run, rebootstraps::add);
        unreadable = true;
        failed.onUpdateStarted(null, null);
        unreadable = false;
        onCard = null;
        failed.onUpdateStarted(null, null);
        assertTrue("still failing, then empty: the configuration stays", rebootstraps.isEmpty());
        onCard = "sha-256:dd";
        failed.onUpdateStarted(null, null);
        assertEquals(1, rebootstraps.size());
        assertTrue(rebootstraps.get(0), rebootstraps.get(0).contains("can be used now (checked at Update)"));
    }
}
