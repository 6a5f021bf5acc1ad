package org.scgateway.bootstrap.smartcard.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;
import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.lwm2m.bootstrap.OscoreContext;
import org.scgateway.api.lwm2m.bootstrap.RegistrationPolicy;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;
import org.scgateway.lwm2m.codec.StrictTlvDecoder;

/**
 * The objects of a bootstrap file as the client's server accounts: each Security (0) instance, with the
 * Server (1) instance of the same short server id for an LwM2M server and the OSCORE (21) instance its
 * resource 17 links to; and the Access Control (2) instances. A Server instance's resources 13 to 20 (LwM2M 1.1)
 * become the account's {@link RegistrationPolicy}. The TLV is decoded against the LwM2M core model by the decoder
 * the client reads servers' writes with ({@link StrictTlvDecoder}: Leshan's, with integers of the TS's lengths only and
 * Unsigned Integers read as such), so types and multiplicity are checked as a Bootstrap-Write's would be.
 */
final class BootstrapObjects {

    static final int SECURITY = 0;
    static final int SERVER = 1;
    static final int ACL = 2;
    static final int OSCORE = 21;

    /** The accounts and ACLs, and what else the file held that the client does not take (said in the log). */
    record Decoded(BootstrapInfo info, List<String> notes) {
    }

    private static final LwM2mModel MODEL = new StaticModel(ObjectLoader.loadDefault());

    private BootstrapObjects() {
    }

    static Decoded decode(BootstrapFile file, String fingerprint) throws MalformedBootstrapFileException {
        List<String> notes = new ArrayList<>();
        if (file.headerless()) {
            notes.add("the file has no header; its content was read as the Security object's TLV");
        }
        LwM2mObject security = null;
        LwM2mObject server = null;
        LwM2mObject acl = null;
        LwM2mObject oscore = null;
        for (BootstrapFile.ObjectData o : file.objects()) {
            switch (o.objectId()) {
                case SECURITY:
                    security = merge(security, decode(o));
                    break;
                case SERVER:
                    server = merge(server, decode(o));
                    break;
                case ACL:
                    acl = merge(acl, decode(o));
                    break;
                case OSCORE:
                    oscore = merge(oscore, decode(o));
                    break;
                default:
                    notes.add("object " + o.objectId() + " is not one bootstrap writes (0, 1, 2, 21): left out");
            }
        }
        if (security == null || security.getInstances().isEmpty()) {
            throw new MalformedBootstrapFileException("the file holds no Security (0) instance");
        }
        Map<Long, LwM2mObjectInstance> servers = new HashMap<>();
        if (server != null) {
            for (LwM2mObjectInstance i : server.getInstances().values()) {
                servers.put(integer(i, 0, "Server"), i);
            }
        }
        Map<Integer, OscoreContext> contexts = new HashMap<>();
        if (oscore != null) {
            for (LwM2mObjectInstance i : oscore.getInstances().values()) {
                contexts.put(i.getId(), oscoreContext(i));
            }
        }
        List<ServerAccount> accounts = new ArrayList<>();
        Set<Integer> linked = new HashSet<>();
        for (LwM2mObjectInstance s : security.getInstances().values()) {
            accounts.add(account(s, servers, contexts, linked));
        }
        if (linked.size() < contexts.size()) {
            notes.add("OSCORE instance(s) " + contexts.keySet().stream().filter(id -> !linked.contains(id)).sorted().toList()
                    + " are linked from no Security instance: left out");
        }
        List<AccessControl> controls = new ArrayList<>();
        if (acl != null) {
            for (LwM2mObjectInstance i : acl.getInstances().values()) {
                controls.add(accessControl(i));
            }
        }
        try {
            return new Decoded(BootstrapInfo.of(accounts, fingerprint).withAccessControl(controls), notes);
        } catch (IllegalArgumentException e) {
            throw new MalformedBootstrapFileException("the objects of the file do not go together: " + e.getMessage(), e);
        }
    }

    /** An OSCORE (21) instance: master secret 0, sender id 1, recipient id 2, AEAD 3, HKDF 4, master salt 5. */
    private static OscoreContext oscoreContext(LwM2mObjectInstance i) throws MalformedBootstrapFileException {
        String where = "OSCORE instance /21/" + i.getId();
        int aead = i.getResource(3) == null ? OscoreContext.AES_CCM_16_64_128 : (int) integer(i, 3, where);
        int hkdf = i.getResource(4) == null ? OscoreContext.HKDF_SHA_256 : (int) integer(i, 4, where);
        byte[] salt = i.getResource(5) == null ? new byte[0] : opaque(i, 5, where);
        try {
            return OscoreContext.of(opaque(i, 1, where), opaque(i, 2, where), Secret.of(opaque(i, 0, where)), Secret.of(salt), aead, hkdf);
        } catch (IllegalArgumentException e) {
            throw new MalformedBootstrapFileException(where + ": " + e.getMessage(), e);
        }
    }

    /** An Access Control (2) instance: object 0, instance 1, ACL 2 (by short server id), owner 3. */
    private static AccessControl accessControl(LwM2mObjectInstance i) throws MalformedBootstrapFileException {
        String where = "Access Control instance /2/" + i.getId();
        Map<Integer, Integer> rights = new TreeMap<>();
        LwM2mResource list = i.getResource(2);
        if (list != null) {
            if (!list.isMultiInstances()) {
                throw new MalformedBootstrapFileException(where + ": resource 2 (ACL) is not a multiple resource");
            }
            for (LwM2mResourceInstance r : list.getInstances().values()) {
                if (!(r.getValue() instanceof Long)) {
                    throw new MalformedBootstrapFileException(where + ": ACL entry " + r.getId() + " is not an integer");
                }
                rights.put(r.getId(), (int) (long) (Long) r.getValue());
            }
        }
        try {
            return AccessControl.of((int) integer(i, 0, where), (int) integer(i, 1, where), rights, (int) integer(i, 3, where));
        } catch (IllegalArgumentException e) {
            throw new MalformedBootstrapFileException(where + ": " + e.getMessage(), e);
        }
    }

    private static LwM2mObject decode(BootstrapFile.ObjectData o) throws MalformedBootstrapFileException {
        StrictTlvDecoder decoder = new StrictTlvDecoder();
        try {
            return decoder.decode(o.tlv(), null, new LwM2mPath(o.objectId()), MODEL, LwM2mObject.class);
        } catch (RuntimeException asObject) {
            // CodecException and IllegalArgumentException, and what Leshan does not check: an object link of other than
            // 4 bytes overflows its buffer (BufferOverflowException; BootstrapFileFuzzTest found it).
            // Some cards hold one instance's resources with no instance around them.
            try {
                LwM2mObjectInstance only = decoder.decode(o.tlv(), null, new LwM2mPath(o.objectId(), 0), MODEL, LwM2mObjectInstance.class);
                return new LwM2mObject(o.objectId(), only);
            } catch (RuntimeException asInstance) {
                throw new MalformedBootstrapFileException("the TLV of object " + o.objectId() + " does not decode: "
                        + withoutValues(asObject instanceof CodecException || asObject instanceof IllegalArgumentException
                                ? asObject.getMessage() : asObject.getClass().getSimpleName() + " in the TLV decoder"));
            }
        }
    }

    /**
     * Leshan's decoding errors may show the nodes they met, values and all (a PSK among them): only the part
     * before the first node is kept, and the cause is not chained, so that no stack trace prints it either.
     */
    static String withoutValues(String message) {
        if (message == null) {
            return "no reason given";
        }
        int cut = message.length();
        for (char c : new char[] {'(', '[', '{', '='}) {
            int i = message.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return message.substring(0, cut).strip();
    }

    private static LwM2mObject merge(LwM2mObject a, LwM2mObject b) throws MalformedBootstrapFileException {
        if (a == null) {
            return b;
        }
        Map<Integer, LwM2mObjectInstance> all = new HashMap<>(a.getInstances());
        for (LwM2mObjectInstance i : b.getInstances().values()) {
            if (all.put(i.getId(), i) != null) {
                throw new MalformedBootstrapFileException("instance /" + a.getId() + "/" + i.getId() + " is in the file twice");
            }
        }
        return new LwM2mObject(a.getId(), all.values());
    }

    private static ServerAccount account(LwM2mObjectInstance s, Map<Long, LwM2mObjectInstance> servers,
            Map<Integer, OscoreContext> contexts, Set<Integer> linked) throws MalformedBootstrapFileException {
        String where = "Security instance /0/" + s.getId();
        String uri = string(s, 0, where);
        // A multiple resource where the model has a single one has no value: resource() refuses it (BootstrapFileFuzzTest).
        boolean bootstrap = s.getResource(1) != null && Boolean.TRUE.equals(resource(s, 1, where).getValue());
        long mode = integer(s, 2, where);
        try {
            ServerAccount.Builder b;
            if (bootstrap) {
                b = ServerAccount.bootstrapServer(uri);
            } else {
                long ssid = integer(s, 10, where);
                LwM2mObjectInstance server = servers.get(ssid);
                if (server == null) {
                    throw new MalformedBootstrapFileException(where + " (short server id " + ssid + ") has no Server (1) instance");
                }
                b = ServerAccount.server(uri, (int) ssid);
                String at = "Server instance /1/" + server.getId();
                if (server.getResource(1) != null) {
                    b.lifetime(integer(server, 1, at));
                }
                if (server.getResource(7) != null) {
                    b.binding(string(server, 7, at));
                }
                b.registrationPolicy(registrationPolicy(server, at));
                if (server.getResource(23) != null) {
                    b.muteSend(bool(server, 23, at));
                }
            }
            LwM2mResource link = s.getResource(17) == null ? null : resource(s, 17, where);
            if (link != null && link.getValue() instanceof ObjectLink && !((ObjectLink) link.getValue()).isNullLink()) {
                ObjectLink to = (ObjectLink) link.getValue();
                OscoreContext context = to.getObjectId() == OSCORE ? contexts.get(to.getObjectInstanceId()) : null;
                if (context == null) {
                    throw new MalformedBootstrapFileException(where + " links to OSCORE instance /" + to.getObjectId() + "/"
                            + to.getObjectInstanceId() + ", which the file does not hold");
                }
                linked.add(to.getObjectInstanceId());
                b.oscore(context);
            }
            switch ((int) mode) {
                case 0:
                    return b.psk(opaque(s, 3, where), Secret.of(opaque(s, 5, where))).build();
                case 1:
                    return b.rpk(opaque(s, 3, where), Secret.of(opaque(s, 5, where)), opaque(s, 4, where)).build();
                case 2:
                    return b.x509(opaque(s, 3, where), Secret.of(opaque(s, 5, where)), opaque(s, 4, where)).build();
                case 3:
                    return b.build();
                default:
                    throw new MalformedBootstrapFileException(where + " has Security Mode " + mode
                            + "; this client does PSK (0), RPK (1), certificates (2) and NoSec (3)");
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedBootstrapFileException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resources 13 to 20 of a Server (1) instance (LwM2M 1.1): how the client registers to that server. Each one
     * the file leaves out keeps the TS default; a 1.0 file has none of them.
     */
    private static RegistrationPolicy registrationPolicy(LwM2mObjectInstance s, String at) throws MalformedBootstrapFileException {
        RegistrationPolicy.Builder p = RegistrationPolicy.builder();
        try {
            if (s.getResource(13) != null) {
                p.priorityOrder(unsigned(s, 13, at));
            }
            if (s.getResource(14) != null) {
                p.initialDelaySeconds(unsigned(s, 14, at));
            }
            if (s.getResource(15) != null) {
                p.failureBlock(bool(s, 15, at));
            }
            if (s.getResource(16) != null) {
                p.bootstrapOnFailure(bool(s, 16, at));
            }
            if (s.getResource(17) != null) {
                p.retryCount(unsigned(s, 17, at));
            }
            if (s.getResource(18) != null) {
                p.retryTimerSeconds(unsigned(s, 18, at));
            }
            if (s.getResource(19) != null) {
                p.sequenceDelaySeconds(unsigned(s, 19, at));
            }
            if (s.getResource(20) != null) {
                p.sequenceRetryCount(unsigned(s, 20, at));
            }
        } catch (IllegalArgumentException e) {
            // Names the resource and the value read, a count or a timer: no key material in it.
            throw new MalformedBootstrapFileException(at + ": " + e.getMessage(), e);
        }
        return p.build();
    }

    private static LwM2mResource resource(LwM2mObjectInstance i, int id, String where) throws MalformedBootstrapFileException {
        LwM2mResource r = i.getResource(id);
        if (r == null || r.isMultiInstances()) {
            throw new MalformedBootstrapFileException(where + " lacks resource " + id);
        }
        return r;
    }

    private static String string(LwM2mObjectInstance i, int id, String where) throws MalformedBootstrapFileException {
        Object v = resource(i, id, where).getValue();
        if (!(v instanceof String)) {
            throw new MalformedBootstrapFileException(where + ": resource " + id + " is not a string");
        }
        return (String) v;
    }

    private static long integer(LwM2mObjectInstance i, int id, String where) throws MalformedBootstrapFileException {
        Object v = resource(i, id, where).getValue();
        if (!(v instanceof Long)) {
            throw new MalformedBootstrapFileException(where + ": resource " + id + " is not an integer");
        }
        return (Long) v;
    }

    /**
     * An Unsigned Integer resource, as a long: no count or timer of the TS comes near 2^63-1, and one beyond it is named
     * here rather than taken negative.
     */
    private static long unsigned(LwM2mObjectInstance i, int id, String where) throws MalformedBootstrapFileException {
        LwM2mResource r = i.getResource(id);
        if (r.isMultiInstances() || !(r.getValue() instanceof ULong || r.getValue() instanceof Long)) {
            throw new MalformedBootstrapFileException(where + ": resource " + id + " is not an unsigned integer");
        }
        if (r.getValue() instanceof ULong u && u.compareTo(ULong.valueOf(Long.MAX_VALUE)) > 0) {
            throw new MalformedBootstrapFileException(where + ": resource " + id + " is " + u + ", more than this client takes ("
                    + Long.MAX_VALUE + ")");
        }
        return ((Number) r.getValue()).longValue();
    }

    private static boolean bool(LwM2mObjectInstance i, int id, String where) throws MalformedBootstrapFileException {
        LwM2mResource r = i.getResource(id);
        if (r.isMultiInstances() || !(r.getValue() instanceof Boolean)) {
            throw new MalformedBootstrapFileException(where + ": resource " + id + " is not a boolean");
        }
        return (Boolean) r.getValue();
    }

    private static byte[] opaque(LwM2mObjectInstance i, int id, String where) throws MalformedBootstrapFileException {
        Object v = resource(i, id, where).getValue();
        if (!(v instanceof byte[])) {
            throw new MalformedBootstrapFileException(where + ": resource " + id + " is not opaque");
        }
        return (byte[]) v;
    }
}
