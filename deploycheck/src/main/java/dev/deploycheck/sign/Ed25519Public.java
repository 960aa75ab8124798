package dev.deploycheck.sign;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;

/**
 * The Ed25519 public key of a seed. The JDK has no API for it, but its key pair generator takes the 32-byte seed
 * from the random source it is given; feeding it the seed yields the pair. A signature check guards the trick.
 */
final class Ed25519Public {
    private Ed25519Public() {}

    static PublicKey fromSeed(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
        KeyPair pair = g.generateKeyPair();
        return SelfCheck.matching(pair.getPrivate(), pair.getPublic());
    }

    /** A "random" source that returns the seed: only ever used for the one call above. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes, got " + bytes.length);
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
