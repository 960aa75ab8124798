package dev.deploycheck.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DSSE specification's published test vectors: secure-systems-lab/dsse testvectors/vectors.json (commit
 * 82043adf78bb4e67c208f9ffa72b38804ea6a0c4), copied verbatim to src/test/resources/dsse/vectors.json. The keys are
 * RFC 8032 section 7.1 TEST 1 and TEST 2, so the Ed25519 signatures are deterministic and ours must match byte for byte.
 */
class DsseVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode vectors() throws IOException {
        try (InputStream in = DsseVectorsTest.class.getResourceAsStream("/dsse/vectors.json")) {
            return JSON.readTree(in);
        }
    }

    static Stream<JsonNode> cases() throws IOException {
        List<JsonNode> list = new ArrayList<>();
        vectors().get("vectors").forEach(list::add);
        return list.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void verifierMeetsEveryVector(JsonNode v) throws Exception {
        JsonNode keys = vectors().get("keys");
        List<PublicKey> trusted = new ArrayList<>();
        for (JsonNode name : v.get("trustedKeys")) {
            trusted.add(TestKeys.ed25519Public(keys.get(name.asText()).get("public").asText()));
        }
        List<String> supported = new ArrayList<>();
        v.get("supportedPayloadTypes").forEach(t -> supported.add(t.asText()));
        Envelope e = Envelope.parse(JSON.writeValueAsString(v.get("envelope")));
        boolean accepted = Dsse.verify(e, trusted, v.get("threshold").asInt(), supported);
        assertEquals(v.get("expect").asText(), accepted ? "accept" : "reject", v.get("id") + ": " + v.get("description"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void paeMatchesTheVectorWheneverTheEnvelopeIsWhatWasSigned(JsonNode v) throws Exception {
        if (v.get("id").asText().equals("payload-type-swapped")) {
            return; // its pae is over the type that was signed, not the one the envelope claims
        }
        Envelope e = Envelope.parse(JSON.writeValueAsString(v.get("envelope")));
        assertEquals(v.get("pae").asText(), HexFormat.of().formatHex(Dsse.pae(e.payloadType(), e.payload())), v.get("id").asText());
    }

    @Test
    void signingWithTheVectorKeyReproducesTheVectorSignatureByteForByte() throws Exception {
        JsonNode a = vectors().get("keys").get("A");
        JsonNode single = vectors().get("vectors").get(0);
        Envelope given = Envelope.parse(JSON.writeValueAsString(single.get("envelope")));
        Envelope ours = Dsse.sign(given.payloadType(), given.payload(), TestKeys.ed25519Private(a.get("seed").asText()),
                TestKeys.ed25519Public(a.get("public").asText()));
        assertArrayEquals(given.signatures().get(0).sig(), ours.signatures().get(0).sig());
    }

    @Test
    void theRfc8032SeedsDeriveTheirPublishedPublicKeys() throws Exception {
        for (String name : List.of("A", "B")) {
            JsonNode k = vectors().get("keys").get(name);
            PublicKey derived = Keys.publicKeyOf(TestKeys.ed25519Private(k.get("seed").asText()));
            assertArrayEquals(TestKeys.ed25519Public(k.get("public").asText()).getEncoded(), derived.getEncoded(), name);
        }
    }

    @Test
    void paeOfTheSpecificationsExample() {
        assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world", new String(
                Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }
}
