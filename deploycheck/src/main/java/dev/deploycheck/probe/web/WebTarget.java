package dev.deploycheck.probe.web;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.http.CappedBody;
import dev.deploycheck.probe.http.Exchange;
import dev.deploycheck.probe.http.HttpClients;
import dev.deploycheck.probe.http.HttpProbe;
import dev.deploycheck.probe.http.RequestBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters every web-security kind shares ({@code url}, {@code headers}, {@code caFile}, {@code insecure})
 * and one request over the shared {@link HttpClients} (HTTP/1.1, redirects never followed by the client: the kinds
 * that follow them do it hop by hop). Request headers may carry secrets: evidence never prints them.
 */
public record WebTarget(URI url, Map<String, String> headers, String caFile, boolean insecure) {
    /** The keys {@link #read} consumes. */
    public static final Set<String> KEYS = Set.of("url", "headers", "caFile", "insecure");
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    public WebTarget {
        headers = Map.copyOf(headers);
    }

    public static WebTarget read(Params params) {
        URI url = HttpProbe.url(params, "url");
        Map<String, String> headers = params.stringMap("headers");
        for (String h : headers.keySet()) {
            if (RESTRICTED.contains(h.toLowerCase(Locale.ROOT))) {
                params.error("headers", "header '" + h + "' is set by the HTTP client and cannot be given");
            }
        }
        String caFile = params.optString("caFile").orElse(null);
        boolean insecure = params.bool("insecure", false);
        if (caFile != null && insecure) {
            params.error("insecure", "'insecure: true' and 'caFile' exclude each other: insecure trusts any chain");
        }
        return new WebTarget(url, headers, caFile, insecure && caFile == null);
    }

    /** The shared client for this trust configuration. */
    public HttpClient client(ProbeContext ctx) throws IOException {
        return HttpClients.get(new HttpClients.Config(caFile == null ? null : ctx.resolve(caFile), insecure,
                HttpClient.Redirect.NEVER, HttpClient.Version.HTTP_1_1));
    }

    /** A bodiless request to {@link #url()}. */
    public WebResponse send(ProbeContext ctx, String method, Map<String, String> extra) throws IOException,
            InterruptedException {
        return send(ctx, method, url, extra, RequestBody.NONE);
    }

    /** One request with the item's headers, then {@code extra} (which wins), and an optional body. */
    public WebResponse send(ProbeContext ctx, String method, URI uri, Map<String, String> extra, RequestBody body)
            throws IOException, InterruptedException {
        Duration left = ctx.remaining();
        if (left.isZero()) {
            throw new IOException("timed out before " + method + " " + uri);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(left).method(method, body.publisher());
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        if (body.present() && all.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            b.header("Content-Type", body.contentType());
        }
        all.forEach(b::header);
        HttpResponse<CappedBody.Bytes> r = Exchange.send(client(ctx), b.build(), ctx);
        return WebResponse.of(r);
    }
}
