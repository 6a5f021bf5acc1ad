package org.scgateway.lwm2m.objects.internal.admin;

import java.util.HexFormat;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ResourceValue;

/**
 * Gogo commands {@code scgw:components} and {@code scgw:script}: what the LwM2M server sees of the Secure
 * Components, and a script run by hand through the same instance the server uses (so the server sees its
 * result too). Plain {@code osgi.command.*} properties, so Karaf's shell finds them as well.
 */
@Component(service = AdminCommands.class, property = {
    "osgi.command.scope=scgw",
    "osgi.command.function=components",
    "osgi.command.function=script"})
public class AdminCommands {

    private static final long WAIT_MS = 120_000;

    @Reference
    private SecureComponentAdmin admin;

    /** scgw:components — the Secure Components, by their instance of object 42769. */
    public String components() {
        Map<Integer, AdminInstance> all = admin.instances();
        if (all.isEmpty()) {
            return "no Secure Component";
        }
        StringBuilder sb = new StringBuilder(String.format("%-9s %-28s %-12s %-8s %-6s %s%n", "instance", "component", "kind",
                "backend", "state", "last script"));
        all.forEach((id, i) -> sb.append(String.format("%-9s %-28s %-12s %-8s %-6s %s%n", "/" + AdminObjectModel.OBJECT_ID + "/" + id,
                i.component().id(), i.component().kind(), i.component().backend(), i.component().state(), i.last().description)));
        return sb.toString();
    }

    /** scgw:script COMPONENT SCRIPT — runs an AA/AE script (hex) on the component's default application. */
    public String script(String component, String scriptHex) throws Exception {
        return script(component, scriptHex, "-", 0);
    }

    /**
     * scgw:script COMPONENT SCRIPT AID LEVEL — runs an AA/AE script (hex) on application AID ({@code -} for the
     * default one), inside SCP03 at LEVEL (0 for none, 51 for full), and waits for its response.
     */
    public String script(String component, String scriptHex, String aid, int level) throws Exception {
        int instanceId = find(component);
        AdminInstance i = admin.instance(instanceId);
        HexFormat hex = HexFormat.of();
        byte[] script;
        byte[] target;
        try {
            script = hex.parseHex(scriptHex.replace(" ", ""));
            target = "-".equals(aid) ? new byte[0] : hex.parseHex(aid);
        } catch (IllegalArgumentException e) {
            return "not hex: " + e.getMessage();
        }
        try {
            i.write(AdminObjectModel.TARGET_APPLICATION, ResourceValue.opaque(target));
            i.write(AdminObjectModel.SECURE_CHANNEL, ResourceValue.integer(level));
            i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(script));
            i.run();
        } catch (LwM2mOperationException e) {
            return "refused (" + e.code() + "): " + e.getMessage();
        }
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (i.running() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        if (i.running()) {
            return "the script still runs after " + WAIT_MS / 1000 + " s; read /" + AdminObjectModel.OBJECT_ID + "/" + instanceId + "/8 later";
        }
        AdminOutcome o = i.last();
        return "result   " + o.result.code + " (" + o.result + ")\n" + "         " + o.description + "\n" + "response "
                + AdminInstance.hex(o.response);
    }

    /** An instance by its id or its component's id. */
    private int find(String component) throws LwM2mOperationException {
        for (Map.Entry<Integer, AdminInstance> e : admin.instances().entrySet()) {
            if (e.getValue().component().id().equals(component) || String.valueOf(e.getKey()).equals(component)) {
                return e.getKey();
            }
        }
        throw new LwM2mOperationException(LwM2mOperationException.Code.NOT_FOUND, "no Secure Component " + component
                + " (scgw:components lists them)");
    }
}
