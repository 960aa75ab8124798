package dev.deploycheck.probe.web;

import dev.deploycheck.probe.http.Charsets;
import dev.deploycheck.probe.http.CappedBody;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A response as the web-security kinds read it: status, headers by case-insensitive name (every value kept), body text. */
public record WebResponse(URI uri, int status, Map<String, List<String>> headers, String body) {

    public WebResponse {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        copy.replaceAll((k, v) -> List.copyOf(v));
        headers = copy;
        body = body == null ? "" : body;
    }

    static WebResponse of(HttpResponse<CappedBody.Bytes> r) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().map().forEach((k, v) -> {
            if (!k.startsWith(":")) {
                h.put(k, v);
            }
        });
        String ct = h.getOrDefault("Content-Type", List.of("")).get(0);
        return new WebResponse(r.uri(), r.statusCode(), h, new String(r.body().data(), Charsets.of(ct)));
    }

    /** Every value of a header (each header line separately), empty when absent. */
    public List<String> all(String name) {
        return headers.getOrDefault(name, List.of());
    }

    public Optional<String> first(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** Headers with repeated lines joined by ", ", as the {@code header} fact shows them. */
    public Map<String, String> joined() {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> out.put(k, String.join(", ", v)));
        return out;
    }

    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

}
