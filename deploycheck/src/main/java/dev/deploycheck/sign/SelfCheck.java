package dev.deploycheck.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Whether a public key verifies what a private key signs: the guard on every derived public key. */
final class SelfCheck {
    private static final byte[] MESSAGE = "deploycheck key self-check".getBytes(StandardCharsets.US_ASCII);

    private SelfCheck() {}

    static boolean verifies(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        String alg = Keys.signatureAlgorithm(key);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(MESSAGE);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        v.update(MESSAGE);
        return v.verify(sig);
    }

    static PublicKey matching(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        if (!verifies(key, pub)) {
            throw new GeneralSecurityException("the derived public key does not match the private key");
        }
        return pub;
    }
}
