package dev.deploycheck.backend.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** A JSON object request body with typed, validated field access; every failure names the offending field. */
public final class JsonBody {
    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody of(Context ctx, ObjectMapper mapper) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send the body as application/json", null, null);
        }
        if (!ContentTypes.utf8OrNone(type)) {
            throw new ApiException(415, "unsupported_media_type", "JSON bodies must be UTF-8 (charset=utf-8 or no charset)", null, null);
        }
        // the bytes, not ctx.body(): that decodes with the declared charset, and an unknown one throws
        byte[] body = ctx.bodyAsBytes();
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("invalid_json", "the request body is empty; a JSON object is expected");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) throw ApiException.badRequest("invalid_json", "the request body must be a JSON object");
            JsonText.nulField(node).ifPresent(field -> {
                throw ApiException.validation(field, field + " must not contain the NUL character (U+0000)");
            });
            return new JsonBody(node);
        } catch (IOException e) {
            // a JsonProcessingException for malformed JSON or bytes that are not UTF-8; reading a byte array does no other I/O
            throw ApiException.badRequest("invalid_json", "the request body is not valid JSON");
        }
    }

    public String requiredString(String field, int maxLength) {
        return optionalString(field, maxLength).orElseThrow(() -> ApiException.validation(field, field + " is required"));
    }

    public Optional<String> optionalString(String field, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) throw ApiException.validation(field, field + " must be a string");
        String s = v.asText();
        if (s.length() > maxLength) throw ApiException.validation(field, field + " must be at most " + maxLength + " characters");
        return Optional.of(s);
    }

    /** An optional integer field within [min, max]; {@code fallback} when absent or null. */
    public int optionalInt(String field, int fallback, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.validation(field, field + " must be an integer");
        int n = v.asInt();
        if (n < min || n > max) throw ApiException.validation(field, field + " must be between " + min + " and " + max);
        return n;
    }
}
