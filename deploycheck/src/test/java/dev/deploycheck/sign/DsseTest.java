package dev.deploycheck.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign and verify with both key types; every single changed byte, and every other key, fails. */
class DsseTest {
    private static final String TYPE = Dsse.INTOTO_PAYLOAD_TYPE;

    /** A small in-toto statement (about 300 bytes): every byte of it is flipped with both key types in a few seconds. */
    private static byte[] body() {
        return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"backend\",\"digest\":"
                + "{\"gitCommit\":\"4b825dc642cb6eb9a060e54bf8d69288fbee4904\"}}],\"predicateType\":"
                + "\"https://in-toto.io/attestation/test-result/v0.1\",\"predicate\":{\"result\":\"FAILED\","
                + "\"failedTests\":[\"api-health\"],\"passedTests\":[\"env-database\"]}}").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Keys.Type.class)
    void aSignedEnvelopeVerifiesAndSurvivesItsJsonForm(Keys.Type type) throws Exception {
        KeyPair pair = Keys.generate(type);
        Envelope e = Dsse.sign(TYPE, body(), pair.getPrivate(), pair.getPublic());
        assertTrue(Dsse.verify(e, pair.getPublic()));
        assertTrue(Dsse.verify(Envelope.parse(e.toJson()), pair.getPublic()));
        String keyid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded()));
        assertEquals(keyid, e.signatures().get(0).keyid());
    }

    @ParameterizedTest
    @EnumSource(Keys.Type.class)
    void changingAnySingleByteOfThePayloadFails(Keys.Type type) throws Exception {
        KeyPair pair = Keys.generate(type);
        Envelope e = Dsse.sign(TYPE, body(), pair.getPrivate(), pair.getPublic());
        byte[] payload = e.payload();
        for (int i = 0; i < payload.length; i++) {
            byte[] changed = payload.clone();
            changed[i] ^= 0x01;
            assertFalse(Dsse.verify(new Envelope(TYPE, changed, e.signatures()), pair.getPublic()), "payload byte " + i);
        }
        assertFalse(Dsse.verify(new Envelope(TYPE, java.util.Arrays.copyOf(payload, payload.length - 1), e.signatures()),
                pair.getPublic()), "truncated payload");
    }

    @ParameterizedTest
    @EnumSource(Keys.Type.class)
    void changingAnySingleByteOfThePayloadTypeOrTheSignatureFails(Keys.Type type) throws Exception {
        KeyPair pair = Keys.generate(type);
        Envelope e = Dsse.sign(TYPE, body(), pair.getPrivate(), pair.getPublic());
        byte[] typeBytes = TYPE.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < typeBytes.length; i++) {
            byte[] changed = typeBytes.clone();
            changed[i] ^= 0x01;
            Envelope t = new Envelope(new String(changed, StandardCharsets.UTF_8), e.payload(), e.signatures());
            // even a verifier that accepted the changed type must reject the signature
            assertFalse(Dsse.verify(t, List.of(pair.getPublic()), 1, List.of(t.payloadType())), "payloadType byte " + i);
        }
        byte[] sig = e.signatures().get(0).sig();
        for (int i = 0; i < sig.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] changed = sig.clone();
                changed[i] ^= (byte) (1 << bit);
                Envelope s = new Envelope(TYPE, e.payload(), List.of(new Envelope.Sig(e.signatures().get(0).keyid(), changed)));
                assertFalse(Dsse.verify(s, pair.getPublic()), "signature byte " + i + " bit " + bit);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Keys.Type.class)
    void anyOtherKeyFailsWhateverTheKeyidSays(Keys.Type type) throws Exception {
        KeyPair pair = Keys.generate(type);
        Envelope e = Dsse.sign(TYPE, body(), pair.getPrivate(), pair.getPublic());
        for (Keys.Type other : Keys.Type.values()) {
            assertFalse(Dsse.verify(e, Keys.generate(other).getPublic()), other.label());
        }
        assertFalse(Dsse.verify(new Envelope(TYPE, e.payload(), List.of()), pair.getPublic()), "no signatures");
    }

    @ParameterizedTest
    @EnumSource(Keys.Type.class)
    void urlSafeBase64IsAcceptedAndMixedAlphabetsAreNot(Keys.Type type) throws Exception {
        KeyPair pair = Keys.generate(type);
        Envelope e = Dsse.sign(TYPE, new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x3e, 0x3f}, pair.getPrivate(), pair.getPublic());
        String json = "{\"payloadType\":\"" + TYPE + "\",\"payload\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(e.payload())
                + "\",\"signatures\":[{\"sig\":\"" + Base64.getUrlEncoder().encodeToString(e.signatures().get(0).sig()) + "\"}]}";
        assertTrue(Dsse.verify(Envelope.parse(json), pair.getPublic()));
        assertThrows(InvalidInputException.class, () -> Envelope.base64("+-_/", "payload"));
    }
}
