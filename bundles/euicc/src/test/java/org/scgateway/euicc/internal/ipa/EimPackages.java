package org.scgateway.euicc.internal.ipa;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.Aid;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * eIM packages as an eIM makes and signs them (SGP.32 EuiccPackageRequest), and the IPA's doubles (its memory, an
 * eUICC in memory): what {@link IpaTest} and {@link IpaFuzzTest} share.
 */
final class EimPackages {

    static final String EIM = "eim-1";
    static final Eid EID = Eid.of("89049044900000000000000000102355");
    /** The enabled profile of {@link Euicc}. */
    static final Iccid ONE = Iccid.of("89000123456789012341");
    /** The disabled profile of {@link Euicc}. */
    static final Iccid TWO = Iccid.of("89000123456789012358");

    private EimPackages() {
    }

    /** An EuiccPackageRequest ({@code BF51}) with PSMOs, signed by {@code signer}. */
    static byte[] request(String eimId, Eid eid, long counter, KeyPair signer, byte[]... psmos) {
        return signed(content(eimId, eid, counter, psmos), signer);
    }

    /** The contents of euiccPackageSigned: eimId, eidValue, counterValue and a psmoList of these PSMOs (null ones left out). */
    static byte[] content(String eimId, Eid eid, long counter, byte[]... psmos) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (byte[] p : psmos) {
            if (p != null) {
                list.writeBytes(p);
            }
        }
        return concat(Tlv.primitive(0x80, eimId.getBytes(StandardCharsets.UTF_8)).encode(), Tlv.primitive(0x5A, eid.toBcd()).encode(),
                Tlv.primitive(0x81, BigInteger.valueOf(counter).toByteArray()).encode(), der(0xA0, list.toByteArray()));
    }

    /**
     * An EuiccPackageRequest ({@code BF51}) whose euiccPackageSigned ({@code 30}) holds {@code content} as it is,
     * whatever it is, with an eimSignature ({@code 5F37}) of {@code signer} over those exact bytes.
     */
    static byte[] signed(byte[] content, KeyPair signer) {
        byte[] signed = der(0x30, content);
        try {
            Signature s = Signature.getInstance(Ipa.ALGORITHM);
            s.initSign(signer.getPrivate());
            s.update(signed);
            return der(Esipa.EUICC_PACKAGE, signed, der(Esipa.SIGNATURE, s.sign()));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A TransferEimPackageRequest ({@code BF4E}) carrying one eIM package as it is. */
    static byte[] transfer(byte[] eimPackage) {
        return der(Esipa.TRANSFER_EIM_PACKAGE, eimPackage);
    }

    static byte[] enable(Iccid iccid) {
        return Tlv.constructed(Esipa.PSMO_ENABLE, Tlv.primitive(0x5A, iccid.toBcd())).encode();
    }

    static byte[] disable(Iccid iccid) {
        return Tlv.constructed(Esipa.PSMO_DISABLE, Tlv.primitive(0x5A, iccid.toBcd())).encode();
    }

    static boolean verifies(PublicKey signer, byte[] data, byte[] signature) {
        try {
            Signature v = Signature.getInstance(Ipa.ALGORITHM);
            v.initVerify(signer);
            v.update(data);
            return v.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    static KeyPair pair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A data object of tag {@code tag} (one to three bytes) holding {@code parts}, in DER: the shortest length. */
    static byte[] der(int tag, byte[]... parts) {
        byte[] value = concat(parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int shift = tag > 0xFFFF ? 16 : tag > 0xFF ? 8 : 0; shift >= 0; shift -= 8) {
            out.write(tag >> shift);
        }
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
                out.write(n >> shift);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The IPA's memory: the counters it took, in order, after {@code last}; refuses them all when {@link #full}. */
    static final class Memory implements Ipa.Memory {
        final BigInteger last;
        final List<BigInteger> counters = new ArrayList<>();
        long sequence;
        boolean full;

        Memory() {
            this(BigInteger.valueOf(-1));
        }

        /** A memory whose last counter of every eIM is {@code last}. */
        Memory(BigInteger last) {
            this.last = last;
        }

        @Override
        public BigInteger lastCounter(String eimId) {
            return counters.isEmpty() ? last : counters.get(counters.size() - 1);
        }

        @Override
        public boolean accept(String eimId, BigInteger counter) {
            if (full) {
                return false;
            }
            counters.add(counter);
            return true;
        }

        @Override
        public long nextSequenceNumber() {
            return ++sequence;
        }
    }

    /**
     * An eUICC of EID {@link #EID} with two profiles, {@link #ONE} enabled and {@link #TWO}; records each operation
     * asked for, reading the profiles too; refuses to enable {@link #refuse}.
     */
    static final class Euicc implements EuiccService {
        final List<String> done = new ArrayList<>();
        Iccid refuse;

        @Override
        public String secureElementId() {
            return "test-euicc";
        }

        @Override
        public Eid eid() {
            return EID;
        }

        @Override
        public List<Profile> profiles() {
            done.add("profiles");
            Aid isdp = Aid.fromHex("A0000005591010FFFFFFFF8900001000");
            return List.of(Profile.builder(ONE, isdp).state(Profile.State.ENABLED).build(), Profile.builder(TWO, isdp).build());
        }

        @Override
        public void enable(Iccid iccid) throws EuiccException {
            done.add("enable " + iccid);
            if (iccid.equals(refuse)) {
                throw new EuiccException(EuiccException.Result.DISALLOWED_BY_POLICY, "refused");
            }
        }

        @Override
        public void disable(Iccid iccid) {
            done.add("disable " + iccid);
        }

        @Override
        public void delete(Iccid iccid) {
            done.add("delete " + iccid);
        }

        @Override
        public void setFallback(Iccid iccid) {
            done.add("fallback " + iccid);
        }

        @Override
        public void setNickname(Iccid iccid, String nickname) {
            done.add("nickname " + iccid);
        }
    }
}
