package org.scgateway.itests;

import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** Assertions both containers share: which bundles are active and which components are satisfied. */
final class GatewayChecks {

    /** Our bundles: every artifact of the project has this symbolic-name prefix. */
    static final String PROJECT_PREFIX = "org.scgateway.";

    private GatewayChecks() {
    }

    static boolean isProjectBundle(Bundle b) {
        return b.getSymbolicName() != null && b.getSymbolicName().startsWith(PROJECT_PREFIX);
    }

    static boolean isFragment(Bundle b) {
        return b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /** Waits until every non-fragment bundle that {@code which} selects is ACTIVE; fails naming the others. */
    static List<Bundle> assertActive(BundleContext context, Predicate<Bundle> which, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            List<Bundle> selected = Arrays.stream(context.getBundles()).filter(which).filter(b -> !isFragment(b))
                    .collect(Collectors.toList());
            List<Bundle> notActive = selected.stream().filter(b -> b.getState() != Bundle.ACTIVE).collect(Collectors.toList());
            if (notActive.isEmpty()) {
                return selected;
            }
            if (System.currentTimeMillis() > deadline) {
                fail("not ACTIVE after " + timeoutMillis + " ms: " + notActive.stream()
                        .map(b -> b.getSymbolicName() + " (" + stateName(b.getState()) + ")").collect(Collectors.joining(", ")));
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits until every DS component declared by {@code bundles} is enabled and has a satisfied or active
     * configuration; fails naming each component that is not, with its unsatisfied references. A component whose
     * configuration policy is {@code require} and that has no configuration is off by design, and passes.
     *
     * @return the number of components checked
     */
    static int assertComponentsSatisfied(ServiceComponentRuntime scr, Collection<Bundle> bundles, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(bundles.toArray(new Bundle[0]));
            List<String> problems = new ArrayList<>();
            for (ComponentDescriptionDTO d : descriptions) {
                problems.addAll(problemsOf(scr, d));
            }
            if (problems.isEmpty()) {
                return descriptions.size();
            }
            if (System.currentTimeMillis() > deadline) {
                fail("components not satisfied after " + timeoutMillis + " ms: " + String.join("; ", problems));
            }
            Thread.sleep(50);
        }
    }

    private static List<String> problemsOf(ServiceComponentRuntime scr, ComponentDescriptionDTO d) {
        String who = d.name + " in " + d.bundle.symbolicName;
        if (!scr.isComponentEnabled(d)) {
            return List.of(who + " is disabled");
        }
        Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(d);
        if (configurations.isEmpty()) {
            if ("require".equals(d.configurationPolicy)) {
                return List.of(); // off until configured, by design (the IPA without an eIM); once configured it is checked
            }
            return List.of(who + " has no configuration (configuration-policy " + d.configurationPolicy + ")");
        }
        List<String> problems = new ArrayList<>();
        for (ComponentConfigurationDTO c : configurations) {
            if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                continue;
            }
            String why;
            switch (c.state) {
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                    why = "unsatisfied references " + Arrays.stream(c.unsatisfiedReferences)
                            .map(GatewayChecks::describe).collect(Collectors.joining(", "));
                    break;
                case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                    why = "waiting for a configuration";
                    break;
                case ComponentConfigurationDTO.FAILED_ACTIVATION:
                    why = "activation failed: " + c.failure;
                    break;
                default:
                    why = "state " + c.state;
            }
            problems.add(who + ": " + why);
        }
        return problems;
    }

    private static String describe(UnsatisfiedReferenceDTO r) {
        return r.name + (r.target == null ? "" : " target " + r.target);
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }
}
