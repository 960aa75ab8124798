package dev.deploycheck.probe.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Shown;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code probe: http} — sends one request (any method, headers, a JSON/form/raw body), optionally follows
 * redirects recording the chain, and observes status, headers, body, parsed JSON, duration, final URL and HTTP
 * version. Evidence names the method, URL and status only: request headers may carry secrets.
 */
public final class HttpProbe implements ProbeKind {
    /** Bodies beyond this many bytes are cut (and the cut is reported). */
    public static final int BODY_CAP = 1 << 20;
    private static final int MAX_REDIRECTS = 10;
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The validated parameters of one item. */
    public record Spec(URI url, String method, Map<String, String> headers, RequestBody body, boolean followRedirects,
            String caFile, boolean insecure, HttpClient.Version version) {}

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String summary() {
        return "HTTP request: status, headers, body, JSON, duration, redirect chain, final URL, HTTP version";
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "method", "headers", "json", "form", "body", "followRedirects", "caFile", "insecure",
                "httpVersion");
    }

    @Override
    public Set<String> facts() {
        return Set.of("status", "header", "body", "json", "duration", "redirects", "url", "httpVersion");
    }

    @Override
    public Probe create(Params params) {
        Spec spec = read(params);
        return ctx -> run(spec, ctx);
    }

    /** Reads and validates the parameters shared by HTTP-speaking kinds. */
    public static Spec read(Params params) {
        URI url = url(params, "url");
        String method = Methods.read(params, "GET");
        Map<String, String> headers = params.stringMap("headers");
        for (String h : headers.keySet()) {
            if (RESTRICTED.contains(h.toLowerCase(Locale.ROOT))) {
                params.error("headers", "header '" + h + "' is set by the HTTP client and cannot be given");
            }
        }
        RequestBody body = RequestBody.read(params);
        boolean follow = params.bool("followRedirects", false);
        String caFile = params.optString("caFile").filter(s -> !s.isBlank()).orElse(null);
        boolean insecure = params.bool("insecure", false);
        if (caFile != null && insecure) {
            params.error("insecure", "'insecure: true' and 'caFile' exclude each other: insecure trusts any chain");
        }
        HttpClient.Version version = null;
        String v = params.optString("httpVersion").orElse(null);
        if ("1.1".equals(v)) {
            version = HttpClient.Version.HTTP_1_1;
        } else if ("2".equals(v) || "2.0".equals(v)) {
            version = HttpClient.Version.HTTP_2;
        } else if (v != null) {
            params.error("httpVersion", "'httpVersion' must be 1.1 or 2, found '" + v + "'");
        }
        return new Spec(url, method, headers, body, follow, caFile, insecure && caFile == null, version);
    }

    /** An absolute http(s) URL; at validation time a value with references is checked once expanded. */
    public static URI url(Params params, String key) {
        String text = params.url(key).trim();
        if (params.validating() && Variables.hasRefs(text)) {
            return null;
        }
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
            if (!text.isEmpty()) {
                params.error(key, "'" + key + "' must be an absolute http:// or https:// URL, found '" + text + "'");
            }
        } catch (java.net.URISyntaxException e) {
            params.error(key, "'" + key + "' is not a valid URL: " + e.getMessage());
        }
        return null;
    }

    static Observation run(Spec spec, ProbeContext ctx) throws Exception {
        if (spec.url() == null) {
            throw new IllegalStateException("http probe has no valid url");
        }
        HttpClient.Version version = spec.version() != null ? spec.version()
                : "https".equalsIgnoreCase(spec.url().getScheme()) ? HttpClient.Version.HTTP_2
                : HttpClient.Version.HTTP_1_1; // like curl: h2 over TLS, no h2c upgrade in clear text
        HttpClient client = HttpClients.get(new HttpClients.Config(
                spec.caFile() == null ? null : ctx.resolve(spec.caFile()), spec.insecure(),
                HttpClient.Redirect.NEVER, version));
        Observation obs = new Observation();
        List<String> redirects = new ArrayList<>();
        URI current = spec.url();
        String method = spec.method();
        RequestBody body = spec.body();
        Instant start = Instant.now();
        HttpResponse<CappedBody.Bytes> response;
        while (true) {
            response = Exchange.send(client, request(current, method, spec.headers(), body, ctx), ctx);
            obs.evidence(method + " " + current + " -> " + response.statusCode()
                    + " (" + Duration.between(start, Instant.now()).toMillis() + "ms)");
            String location = response.headers().firstValue("Location").orElse(null);
            if (!spec.followRedirects() || !isRedirect(response.statusCode()) || location == null) {
                break;
            }
            if (redirects.size() == MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects, last to " + location);
            }
            current = current.resolve(location);
            redirects.add(current.toString());
            int s = response.statusCode();
            if (s == 303 || ((s == 301 || s == 302) && !method.equals("GET") && !method.equals("HEAD"))) {
                method = "GET"; // what browsers and curl do; 307/308 keep method and body
                body = RequestBody.NONE;
            }
        }
        Duration took = Duration.between(start, Instant.now());
        observe(obs, response, took, redirects, ctx.redactor());
        return obs;
    }

    private static HttpRequest request(URI url, String method, Map<String, String> headers, RequestBody body,
            ProbeContext ctx) throws IOException {
        Duration left = ctx.remaining();
        if (left.isZero()) {
            throw new IOException("timed out before " + method + " " + url);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(left).method(method, body.publisher());
        if (body.present() && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            b.header("Content-Type", body.contentType());
        }
        headers.forEach(b::header);
        return b.build();
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static void observe(Observation obs, HttpResponse<CappedBody.Bytes> r, Duration took,
            List<String> redirects, dev.deploycheck.checklist.Redactor redactor) {
        Map<String, String> header = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().map().forEach((k, v) -> {
            if (!k.startsWith(":")) {
                header.put(k, String.join(", ", v));
            }
        });
        String contentType = header.getOrDefault("Content-Type", "");
        String text = new String(r.body().data(), Charsets.of(contentType));
        obs.fact("status", r.statusCode());
        obs.fact("header", header);
        obs.fact("body", text);
        obs.fact("duration", took);
        obs.fact("redirects", List.copyOf(redirects));
        obs.fact("url", r.uri().toString());
        obs.fact("httpVersion", r.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1");
        if (r.statusCode() >= 400 && !text.isBlank()) {
            // an error answer usually says why: show its start, masked before it is cut
            obs.evidence("response: " + redactor.cut(text.strip().replaceAll("\\s+", " "), 303));
        }
        if (r.body().truncated()) {
            // expectations are never evaluated on a cut body: they would judge a part as the whole
            String reason = "body exceeds " + (BODY_CAP >> 20) + " MiB limit";
            obs.evidence("body cut at " + BODY_CAP + " bytes");
            obs.unavailable("body", reason);
            obs.unavailable("json", reason);
            return;
        }
        String trimmed = text.stripLeading();
        if (contentType.toLowerCase(Locale.ROOT).contains("json") || trimmed.startsWith("{")
                || trimmed.startsWith("[")) {
            try {
                JsonNode json = JSON.readTree(text);
                if (json != null && !json.isMissingNode()) {
                    obs.fact("json", json);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                String at = e.getLocation() == null ? ""
                        : " at " + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
                String reason = "invalid JSON" + at + ": " + Shown.line(redactor.mask(e.getOriginalMessage()), 120);
                obs.evidence("body is not valid JSON" + at);
                obs.unavailable("json", reason);
            }
        }
    }

}
