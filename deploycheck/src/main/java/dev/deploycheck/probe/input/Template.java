package dev.deploycheck.probe.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.probe.http.RequestBody;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where payloads go: a JSON body template, form fields and query parameters, each string value of which may hold
 * the marker {@code {{payload}}} (a marker unlike the checklist's own {@code ${...}} references, which are expanded
 * before). The payload is substituted into the parsed values, then encoded: JSON escaping and URL encoding stay
 * correct for any payload.
 */
record Template(Object json, Map<String, String> form, Map<String, String> query) {
    static final String MARKER = "{{payload}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The marker appears somewhere. */
    boolean hasMarker() {
        return contains(json) || contains(form) || contains(query);
    }

    RequestBody body(String payload) {
        if (json != null) {
            try {
                return new RequestBody(JSON.writeValueAsString(substitute(json, payload)), "application/json");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!form.isEmpty()) {
            return new RequestBody(encode(form, payload), "application/x-www-form-urlencoded");
        }
        return RequestBody.NONE;
    }

    URI uri(URI base, String payload) {
        if (query.isEmpty()) {
            return base;
        }
        String q = encode(query, payload);
        String s = base.toString();
        int hash = s.indexOf('#');
        String frag = hash < 0 ? "" : s.substring(hash);
        s = hash < 0 ? s : s.substring(0, hash);
        return URI.create(s + (base.getRawQuery() == null ? "?" : "&") + q + frag);
    }

    private static String encode(Map<String, String> fields, String payload) {
        return fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue().replace(MARKER, payload)))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Object substitute(Object v, String payload) {
        if (v instanceof String s) {
            return s.replace(MARKER, payload);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, substitute(x, payload)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(substitute(x, payload)));
            return out;
        }
        return v;
    }

    private static boolean contains(Object v) {
        if (v instanceof String s) {
            return s.contains(MARKER);
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(Template::contains);
        }
        if (v instanceof List<?> l) {
            return l.stream().anyMatch(Template::contains);
        }
        return false;
    }
}
