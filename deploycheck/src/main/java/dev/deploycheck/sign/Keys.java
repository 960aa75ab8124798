package dev.deploycheck.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Signing keys with plain JDK crypto: Ed25519 (default) and ECDSA P-256, in PEM as openssl writes them
 * (PKCS#8 "PRIVATE KEY", SubjectPublicKeyInfo "PUBLIC KEY").
 */
public final class Keys {
    /** The key types {@code keygen --type} offers. */
    public enum Type {
        ED25519("ed25519"), ECDSA_P256("ecdsa-p256");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Type parse(String s) {
            for (Type t : values()) {
                if (t.label.equals(s.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown key type '" + s + "' (known: ed25519, ecdsa-p256)");
        }
    }

    private Keys() {}

    public static KeyPair generate(Type type) throws GeneralSecurityException {
        if (type == Type.ED25519) {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** Ed25519 signs the PAE itself; ECDSA signs its SHA-256 and yields a DER signature, as openssl expects. */
    public static String signatureAlgorithm(Key key) {
        if (key instanceof ECKey) {
            return "SHA256withECDSA";
        }
        if (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519")) {
            return "Ed25519";
        }
        throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm() + " (use Ed25519 or ECDSA P-256)");
    }

    public static String describe(Key key) {
        return key instanceof ECKey ? "ecdsa-p256" : "ed25519";
    }

    /** The DSSE keyid hint: hex SHA-256 of the public key's DER SubjectPublicKeyInfo. */
    public static String keyId(PublicKey key) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    }

    public static String pem(Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END " + type + "-----\n";
    }

    public static PrivateKey readPrivate(String pem) throws InvalidInputException {
        byte[] der = der(pem, "PRIVATE KEY");
        for (String alg : new String[] {"Ed25519", "EC"}) {
            try {
                PrivateKey k = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                checkCurve(k);
                return k;
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            } catch (GeneralSecurityException e) {
                throw new InvalidInputException("cannot read the private key: " + e.getMessage());
            }
        }
        throw new InvalidInputException("not an Ed25519 or ECDSA P-256 private key (PKCS#8 PEM)");
    }

    public static PublicKey readPublic(String pem) throws InvalidInputException {
        byte[] der = der(pem, "PUBLIC KEY");
        for (String alg : new String[] {"Ed25519", "EC"}) {
            try {
                PublicKey k = KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
                checkCurve(k);
                return k;
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            } catch (GeneralSecurityException e) {
                throw new InvalidInputException("cannot read the public key: " + e.getMessage());
            }
        }
        throw new InvalidInputException("not an Ed25519 or ECDSA P-256 public key (SubjectPublicKeyInfo PEM)");
    }

    /** The public half of a private key, so a signer needs one file only (the keyid is derived from it). */
    public static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof EdECPrivateKey) {
            byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new GeneralSecurityException("no Ed25519 seed"));
            return Ed25519Public.fromSeed(seed);
        }
        return P256Public.of(key);
    }

    /** The group order identifies the curve: only P-256 is accepted (openssl also reads other curves' PEM). */
    private static void checkCurve(Key k) throws InvalidInputException {
        if (k instanceof ECKey && !((ECKey) k).getParams().getOrder().equals(P256Public.N)) {
            throw new InvalidInputException("only the P-256 curve is supported for ECDSA keys");
        }
    }

    private static byte[] der(String pem, String type) throws InvalidInputException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = b < 0 ? -1 : pem.indexOf(end, b);
        if (b < 0 || e < 0) {
            throw new InvalidInputException("not a PEM " + type.toLowerCase(Locale.ROOT) + " (expected a '" + begin + "' block)");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException("the PEM " + type.toLowerCase(Locale.ROOT) + " is not valid base64");
        }
    }
}
