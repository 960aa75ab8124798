package dev.deploycheck.sign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A DSSE envelope in its JSON form: payload and signatures in base64 (standard or URL-safe accepted on reading). */
public record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One signature; keyid may be null (it is optional and only a hint). */
    public record Sig(String keyid, byte[] sig) {}

    public Envelope {
        signatures = List.copyOf(signatures);
    }

    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("payloadType", payloadType);
        root.put("payload", Base64.getEncoder().encodeToString(payload));
        for (Sig s : signatures) {
            ObjectNode o = root.withArray("signatures").addObject();
            if (s.keyid() != null) {
                o.put("keyid", s.keyid());
            }
            o.put("sig", Base64.getEncoder().encodeToString(s.sig()));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Envelope parse(String json) throws InvalidInputException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("not a DSSE envelope: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.path("payloadType").isTextual() || !root.path("payload").isTextual()
                || !root.path("signatures").isArray()) {
            throw new InvalidInputException("not a DSSE envelope: needs payloadType, payload and signatures");
        }
        List<Sig> sigs = new ArrayList<>();
        for (JsonNode s : root.get("signatures")) {
            if (!s.path("sig").isTextual()) {
                throw new InvalidInputException("not a DSSE envelope: a signature without 'sig'");
            }
            sigs.add(new Sig(s.path("keyid").isTextual() ? s.get("keyid").asText() : null, base64(s.get("sig").asText(), "sig")));
        }
        return new Envelope(root.get("payloadType").asText(), base64(root.get("payload").asText(), "payload"), sigs);
    }

    /** Standard or URL-safe alphabet, padding optional; one alphabet per value. */
    static byte[] base64(String s, String field) throws InvalidInputException {
        boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("not a DSSE envelope: " + field + " is not base64 (" + e.getMessage() + ")");
        }
    }
}
