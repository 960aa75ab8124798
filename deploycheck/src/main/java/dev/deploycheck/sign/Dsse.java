package dev.deploycheck.sign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Dead Simple Signing Envelope (secure-systems-lab/dsse, protocol v1): signatures over the pre-authentication
 * encoding of the payload type and body, so neither can be swapped without breaking every signature.
 */
public final class Dsse {
    public static final String INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private Dsse() {}

    /** PAE(type, body) = "DSSEv1" SP LEN(UTF8(type)) SP UTF8(type) SP LEN(body) SP body; lengths in ASCII decimal bytes. */
    public static byte[] pae(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(type.length + body.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** An envelope with one signature by {@code key}; keyid is the hex SHA-256 of {@code publicKey}'s SPKI. */
    public static Envelope sign(String payloadType, byte[] body, PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        Signature s = Signature.getInstance(Keys.signatureAlgorithm(key));
        s.initSign(key);
        s.update(pae(payloadType, body));
        return new Envelope(payloadType, body, List.of(new Envelope.Sig(Keys.keyId(publicKey), s.sign())));
    }

    /** The trusted keys that made at least one valid signature, when the payload type is supported; else empty. */
    public static Set<PublicKey> verifiedKeys(Envelope e, Collection<PublicKey> trusted, Collection<String> supportedTypes) {
        Set<PublicKey> verified = new LinkedHashSet<>();
        if (!supportedTypes.contains(e.payloadType())) {
            return verified;
        }
        byte[] pae = pae(e.payloadType(), e.payload());
        for (Envelope.Sig sig : e.signatures()) {
            for (PublicKey key : trusted) {
                if (verifies(key, pae, sig.sig())) {
                    verified.add(key);
                }
            }
        }
        return verified;
    }

    /** Valid when at least {@code threshold} distinct trusted keys signed it (keyids are hints only, never trusted). */
    public static boolean verify(Envelope e, Collection<PublicKey> trusted, int threshold, Collection<String> supportedTypes) {
        return threshold >= 1 && verifiedKeys(e, trusted, supportedTypes).size() >= threshold;
    }

    /** One key, threshold 1, in-toto payloads only. */
    public static boolean verify(Envelope e, PublicKey key) {
        return verify(e, List.of(key), 1, List.of(INTOTO_PAYLOAD_TYPE));
    }

    private static boolean verifies(PublicKey key, byte[] pae, byte[] sig) {
        try {
            Signature s = Signature.getInstance(Keys.signatureAlgorithm(key));
            s.initVerify(key);
            s.update(pae);
            return s.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature (bad DER, wrong length) is an invalid one
        }
    }
}
