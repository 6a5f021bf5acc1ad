package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.SecureElement;

/**
 * The eUICC profile service through the real PC/SC stack: the simulated card in vpcd's reader, pcscd, the
 * PC/SC driver; ES10c's STORE DATA and, the card speaking T=0, its answers fetched with GET RESPONSE. Every
 * operation: enable, disable (the fall-back profile takes over), the fall-back attribute, the nickname, a
 * refused and a done deletion.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscEuiccIT extends PcscSupport {

    @Override
    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withFreshCard("pcsc-euicc");
    }

    @Test
    public void theEuiccInAPcscReaderIsManagedAndGoesWithTheCard() throws Exception {
        ServiceTracker<SecureElement, SecureElement> cards = pcscCards();
        try {
            bridge("127.0.0.1:35963");
            SecureElement se = cards.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);
            ServiceTracker<EuiccService, EuiccService> euiccs = new ServiceTracker<>(context, context.createFilter("(&(objectClass="
                    + EuiccService.class.getName() + ")(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=" + se.id() + "))"), null);
            euiccs.open();
            try {
                EuiccService euicc = euiccs.waitForService(TIMEOUT);
                assertNotNull("no eUICC service for the card in the PC/SC reader", euicc);
                assertEquals(Eid.of("89049044900000000000000000102355"), euicc.eid());
                List<Profile> profiles = euicc.profiles();
                Iccid was = enabled(profiles);
                Iccid other = profiles.stream().filter(p -> !p.isEnabled() && !p.isFallback()).map(Profile::iccid).findFirst()
                        .orElse(EuiccIT.PROVISIONING);
                euicc.enable(other);
                assertEquals(other, enabled(euicc.profiles()));
                euicc.disable(other); // the fall-back profile takes over
                assertEquals(EuiccIT.PROVISIONING, enabled(euicc.profiles()));
                euicc.setFallback(other);
                assertTrue(profile(euicc, other).isFallback());
                euicc.setFallback(EuiccIT.PROVISIONING);
                euicc.setNickname(other, "over PC/SC");
                assertEquals("over PC/SC", profile(euicc, other).nickname().orElseThrow());
                euicc.enable(was);
                assertEquals(was, enabled(euicc.profiles()));
                EuiccException refused = assertThrows(EuiccException.class, () -> euicc.delete(EuiccIT.PROVISIONING));
                assertEquals(EuiccException.Result.DISALLOWED_BY_POLICY, refused.result());
                euicc.delete(other); // this suite's card is fresh for each run: what it deletes is back next time
                assertTrue(euicc.profiles().stream().noneMatch(p -> p.iccid().equals(other)));

                pull(cards);
                long deadline = System.currentTimeMillis() + TIMEOUT;
                while (euiccs.getService() != null && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertNull("the eUICC service went with the card", euiccs.getService());
            } finally {
                euiccs.close();
            }
        } finally {
            pull(cards);
        }
    }

    private static Profile profile(EuiccService euicc, Iccid iccid) throws EuiccException {
        return euicc.profiles().stream().filter(p -> p.iccid().equals(iccid)).findFirst().orElseThrow();
    }

    private static Iccid enabled(List<Profile> profiles) {
        List<Iccid> on = profiles.stream().filter(Profile::isEnabled).map(Profile::iccid).collect(Collectors.toList());
        assertEquals("one profile enabled: " + profiles, 1, on.size());
        return on.get(0);
    }
}
