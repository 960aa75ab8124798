package dev.deploycheck.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {
    @ParameterizedTest
    @EnumSource(Keys.Type.class)
    void pemRoundTripsAndThePublicKeyFollowsFromThePrivateOne(Keys.Type type) throws Exception {
        // several keys: for P-256 each of the two square roots of y^2 gets its turn
        for (int n = 0; n < 8; n++) {
            KeyPair pair = Keys.generate(type);
            String priv = Keys.pem(pair.getPrivate());
            String pub = Keys.pem(pair.getPublic());
            assertTrue(priv.startsWith("-----BEGIN PRIVATE KEY-----\n") && priv.endsWith("-----END PRIVATE KEY-----\n"), priv);
            assertTrue(pub.startsWith("-----BEGIN PUBLIC KEY-----\n"), pub);
            assertArrayEquals(pair.getPrivate().getEncoded(), Keys.readPrivate(priv).getEncoded());
            assertArrayEquals(pair.getPublic().getEncoded(), Keys.readPublic(pub).getEncoded());
            assertArrayEquals(pair.getPublic().getEncoded(), Keys.publicKeyOf(Keys.readPrivate(priv)).getEncoded());
            assertEquals(type.label(), Keys.describe(Keys.readPublic(pub)));
        }
    }

    @Test
    void unreadableKeysSayWhatIsWrong() throws Exception {
        assertEquals("not a PEM private key (expected a '-----BEGIN PRIVATE KEY-----' block)",
                assertThrows(InvalidInputException.class, () -> Keys.readPrivate("hello")).getMessage());
        String pub = Keys.pem(Keys.generate(Keys.Type.ED25519).getPublic());
        assertTrue(assertThrows(InvalidInputException.class, () -> Keys.readPrivate(pub)).getMessage().contains("not a PEM private key"));
        assertEquals("not an Ed25519 or ECDSA P-256 public key (SubjectPublicKeyInfo PEM)", assertThrows(InvalidInputException.class,
                () -> Keys.readPublic("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")).getMessage());
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        String p384 = Keys.pem(g.generateKeyPair().getPublic());
        assertEquals("only the P-256 curve is supported for ECDSA keys",
                assertThrows(InvalidInputException.class, () -> Keys.readPublic(p384)).getMessage());
    }

    @Test
    void keyTypesParseByTheirLabels() {
        assertEquals(Keys.Type.ECDSA_P256, Keys.Type.parse("ECDSA-P256"));
        assertEquals("unknown key type 'rsa' (known: ed25519, ecdsa-p256)",
                assertThrows(IllegalArgumentException.class, () -> Keys.Type.parse("rsa")).getMessage());
    }
}
