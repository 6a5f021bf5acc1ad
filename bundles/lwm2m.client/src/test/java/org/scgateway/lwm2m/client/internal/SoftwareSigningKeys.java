package org.scgateway.lwm2m.client.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.SigningKeys;

/** A component in software: an EC P-256 pair of the JDK's, signing digests with NONEwithECDSA; it says what it signed. */
final class SoftwareSigningKeys implements SigningKeys {

    final KeyPair pair;
    final List<String> signed = new CopyOnWriteArrayList<>();

    SoftwareSigningKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        pair = g.generateKeyPair();
    }

    @Override
    public byte[] signDigest(String name, byte[] sha256) throws CredentialStoreException {
        signed.add(name);
        try {
            Signature s = Signature.getInstance("NONEwithECDSA");
            s.initSign(pair.getPrivate());
            s.update(sha256);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new CredentialStoreException(e.getMessage());
        }
    }

    @Override
    public PublicKey generate(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void put(String name, Secret privateKey, PublicKey publicKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<PublicKey> publicKey(String name) {
        return Optional.of(pair.getPublic());
    }

    @Override
    public java.util.SortedSet<String> keyPairNames() {
        return new java.util.TreeSet<>();
    }

    @Override
    public void delete(String name) {
        throw new UnsupportedOperationException();
    }
}
