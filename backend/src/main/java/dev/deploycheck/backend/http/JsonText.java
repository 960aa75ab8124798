package dev.deploycheck.backend.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks on the strings of a parsed JSON document. PostgreSQL's {@code text} cannot hold U+0000 (it fails the
 * whole statement), and no field of this API has a use for it, so a NUL anywhere in a request is refused up front
 * with the field it is in, before any of it reaches a query.
 */
public final class JsonText {
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private JsonText() { }

    /** The path of the first string (value or object key) holding U+0000: {@code content}, {@code items[2].name}; empty when none does. */
    public static Optional<String> nulField(JsonNode node) {
        return find(node, "");
    }

    private static Optional<String> find(JsonNode node, String path) {
        if (node.isTextual()) return node.textValue().indexOf('\0') >= 0 ? Optional.of(path) : Optional.empty();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> hit = find(node.get(i), path + "[" + i + "]");
                if (hit.isPresent()) return hit;
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = (path.isEmpty() ? "" : path + ".") + shown(field.getKey());
                if (field.getKey().indexOf('\0') >= 0) return Optional.of(name);
                Optional<String> hit = find(field.getValue(), name);
                if (hit.isPresent()) return hit;
            }
        }
        return Optional.empty();
    }

    /** The API's own field names are shown as they are; any other key as {@code ?}, so an answer never reflects odd input. */
    private static String shown(String key) {
        return SAFE_KEY.matcher(key).matches() ? key : "?";
    }
}
