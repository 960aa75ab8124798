package dev.deploycheck.probe.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.checklist.Params;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A request body from one of {@code json:} (any YAML value), {@code form:} (a mapping) or {@code body:} (raw text). */
public record RequestBody(String content, String contentType) {
    public static final RequestBody NONE = new RequestBody(null, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads whichever of json/form/body is given; more than one is an error. */
    public static RequestBody read(Params params) {
        List<String> given = List.of("json", "form", "body").stream().filter(params::has).toList();
        if (given.size() > 1) {
            params.error(given.get(1), "give only one of 'json', 'form' and 'body', found " + given);
        }
        if (params.has("json")) {
            try {
                return new RequestBody(JSON.writeValueAsString(params.value("json")), "application/json");
            } catch (JsonProcessingException e) {
                params.error("json", "cannot write 'json' as JSON: " + e.getOriginalMessage());
                return NONE;
            }
        }
        if (params.has("form")) {
            Map<String, String> form = params.stringMap("form");
            String encoded = form.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            return new RequestBody(encoded, "application/x-www-form-urlencoded");
        }
        if (params.has("body")) {
            return new RequestBody(params.string("body", ""), "text/plain; charset=utf-8");
        }
        return NONE;
    }

    public boolean present() {
        return content != null;
    }

    public HttpRequest.BodyPublisher publisher() {
        return content == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
