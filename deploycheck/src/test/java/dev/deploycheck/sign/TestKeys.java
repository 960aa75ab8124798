package dev.deploycheck.sign;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** Raw Ed25519 keys (as RFC 8032 and the DSSE vectors give them) wrapped in the DER the JDK reads. */
final class TestKeys {
    private static final String PKCS8_PREFIX = "302e020100300506032b657004220420";
    private static final String SPKI_PREFIX = "302a300506032b6570032100";

    private TestKeys() {}

    static PrivateKey ed25519Private(String seedHex) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(HexFormat.of().parseHex(PKCS8_PREFIX + seedHex)));
    }

    static PublicKey ed25519Public(String rawHex) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(HexFormat.of().parseHex(SPKI_PREFIX + rawHex)));
    }
}
