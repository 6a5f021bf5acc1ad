package org.scgateway.se.sim.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.scgateway.api.euicc.Eid;

/**
 * The simulated eUICC's certificate chain, as SGP.22 (section 4.5.2) shapes a real one: a CI, an EUM certified by
 * it, and the eUICC certified by the EUM, all ECDSA on NIST P-256 with the RSP role policies (id-rspRole-ci,
 * -eum, -euicc); the eUICC's subject carries its EID as serialNumber. It signs what SGP.22 has an eUICC sign, in
 * TR-03111's plain format (r || s).
 * <p>
 * The keys are derived from the EID, and signatures are deterministic (RFC 6979): the same card has the same chain
 * after every restart, and nothing is stored. They are therefore no secret: this is a test PKI of the
 * simulator's own, which no production SM-DP+ trusts, as the CI key identifier in EUICCInfo1 and 2 shows.
 */
final class EuiccPki {

    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    /** SGP.22's RSP roles (id-rspRole = 2.23.146.1.2.1). */
    static final ASN1ObjectIdentifier ROLE_CI = new ASN1ObjectIdentifier("2.23.146.1.2.1.0");
    static final ASN1ObjectIdentifier ROLE_EUICC = new ASN1ObjectIdentifier("2.23.146.1.2.1.1");
    static final ASN1ObjectIdentifier ROLE_EUM = new ASN1ObjectIdentifier("2.23.146.1.2.1.2");
    private static final Date NOT_BEFORE = Date.from(Instant.parse("2024-01-01T00:00:00Z"));
    /** As SGP.22 has it for eUICC certificates: no well-defined expiry. */
    private static final Date NOT_AFTER = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

    private final BigInteger euiccKey;
    private final byte[] ciCertificate;
    private final byte[] eumCertificate;
    private final byte[] euiccCertificate;
    private final byte[] ciKeyId;

    EuiccPki(Eid eid) {
        BigInteger ciKey = key("CI", eid);
        BigInteger eumKey = key("EUM", eid);
        this.euiccKey = key("eUICC", eid);
        X500Name ci = name("SC Gateway simulated CI (test only)", null);
        X500Name eum = name("SC Gateway simulated EUM (test only)", null);
        X500Name euicc = name("SC Gateway simulated eUICC", eid.digits());
        SubjectPublicKeyInfo ciPublic = publicKey(ciKey);
        SubjectPublicKeyInfo eumPublic = publicKey(eumKey);
        this.ciKeyId = keyId(ciPublic);
        this.ciCertificate = certificate(1, ci, ciPublic, ci, ciKey, ciKeyId, ROLE_CI, true);
        this.eumCertificate = certificate(2, eum, eumPublic, ci, ciKey, ciKeyId, ROLE_EUM, true);
        this.euiccCertificate = certificate(new BigInteger(1, eid.toBcd()).longValue() & Long.MAX_VALUE, euicc, publicKey(euiccKey), eum, eumKey,
                keyId(eumPublic), ROLE_EUICC, false);
    }

    /** The CI's subject key identifier: what EUICCInfo1 and 2 list, and the EUM certificate's authority key id. */
    byte[] ciKeyId() {
        return ciKeyId.clone();
    }

    byte[] ciCertificate() {
        return ciCertificate.clone();
    }

    byte[] eumCertificate() {
        return eumCertificate.clone();
    }

    byte[] euiccCertificate() {
        return euiccCertificate.clone();
    }

    /** The eUICC's signature (SK.EUICC.ECDSA) of {@code data}: ECDSA with SHA-256, r || s of 32 bytes each. */
    byte[] sign(byte[] data) {
        BigInteger[] rs = signature(euiccKey, data);
        byte[] out = new byte[64];
        unsigned(rs[0], out, 0);
        unsigned(rs[1], out, 32);
        return out;
    }

    private static BigInteger key(String role, Eid eid) {
        byte[] seed = sha256(("SC Gateway simulated " + role + " key, not secret, for EID " + eid.digits()).getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, seed).mod(DOMAIN.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    private static X500Name name(String commonName, String serialNumber) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "SC Gateway").addRDN(BCStyle.CN, commonName);
        if (serialNumber != null) {
            b.addRDN(BCStyle.SERIALNUMBER, serialNumber);
        }
        return b.build();
    }

    private static SubjectPublicKeyInfo publicKey(BigInteger d) {
        byte[] point = DOMAIN.getG().multiply(d).normalize().getEncoded(false);
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1), point);
    }

    /** RFC 5280's first method: SHA-1 of the public key's BIT STRING value. */
    private static byte[] keyId(SubjectPublicKeyInfo key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(key.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static byte[] certificate(long serial, X500Name subject, SubjectPublicKeyInfo key, X500Name issuer, BigInteger issuerKey,
            byte[] issuerKeyId, ASN1ObjectIdentifier role, boolean authority) {
        try {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId));
            ext.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId(key)));
            ext.addExtension(Extension.keyUsage, true, new KeyUsage(authority ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            ext.addExtension(Extension.certificatePolicies, true, new CertificatePolicies(new PolicyInformation(role)));
            if (authority) {
                ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(role.equals(ROLE_EUM) ? 0 : 1));
            }
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(serial));
            tbs.setSignature(ECDSA_SHA256);
            tbs.setIssuer(issuer);
            tbs.setSubject(subject);
            tbs.setStartDate(new Time(NOT_BEFORE));
            tbs.setEndDate(new Time(NOT_AFTER));
            tbs.setSubjectPublicKeyInfo(key);
            tbs.setExtensions(ext.generate());
            byte[] toBeSigned = tbs.generateTBSCertificate().getEncoded(ASN1Encoding.DER);
            BigInteger[] rs = signature(issuerKey, toBeSigned);
            byte[] signature = new DERSequence(new ASN1Encodable[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])}).getEncoded(ASN1Encoding.DER);
            return Certificate.getInstance(new DERSequence(new ASN1Encodable[] {tbs.generateTBSCertificate(), ECDSA_SHA256,
                new DERBitString(signature)})).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a certificate in memory failed: " + e.getMessage(), e);
        }
    }

    private static BigInteger[] signature(BigInteger key, byte[] data) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key, DOMAIN));
        return signer.generateSignature(sha256(data));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void unsigned(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, at + 32 - n, n);
        Arrays.fill(out, at, at + 32 - n, (byte) 0);
    }
}
