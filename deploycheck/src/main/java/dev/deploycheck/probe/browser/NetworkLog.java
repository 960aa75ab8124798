package dev.deploycheck.probe.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page's requests, read from chromedriver's performance log (the DevTools Network events, which do not
 * depend on the browser's version): what was fetched, of which type, how many bytes crossed the wire, whether a
 * text asset was compressed, and which requests failed.
 */
final class NetworkLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Request {
        String url;
        String method = "GET";
        String type = "Other";
        int status;
        String encoding;
        String cacheControl;
        String mimeType;
        long bytes;
        String failure;
    }

    private final Map<String, Request> requests = new LinkedHashMap<>();

    /** The page's own traffic: http(s) only (not the browser's chrome:// pages, data: or blob: URLs). */
    private java.util.Collection<Request> web() {
        return requests.values().stream().filter(r -> r.url != null && (r.url.startsWith("http://")
                || r.url.startsWith("https://"))).toList();
    }

    /** One performance-log entry's message: {"message": {"method": "Network.…", "params": {…}}}. */
    void add(String entry) {
        JsonNode m;
        try {
            m = JSON.readTree(entry).path("message");
        } catch (Exception e) {
            return; // not an event this log knows
        }
        JsonNode p = m.path("params");
        String id = p.path("requestId").asText(null);
        if (id == null) {
            return;
        }
        switch (m.path("method").asText()) {
            case "Network.requestWillBeSent": {
                Request r = requests.computeIfAbsent(id, k -> new Request());
                r.url = p.path("request").path("url").asText();
                r.method = p.path("request").path("method").asText("GET");
                r.type = p.path("type").asText(r.type);
                break;
            }
            case "Network.responseReceived": {
                Request r = requests.computeIfAbsent(id, k -> new Request());
                JsonNode res = p.path("response");
                r.url = res.path("url").asText(r.url);
                r.status = res.path("status").asInt();
                r.type = p.path("type").asText(r.type);
                r.mimeType = res.path("mimeType").asText(null);
                res.path("headers").fields().forEachRemaining(h -> {
                    if (h.getKey().equalsIgnoreCase("content-encoding")) {
                        r.encoding = h.getValue().asText();
                    } else if (h.getKey().equalsIgnoreCase("cache-control")) {
                        r.cacheControl = h.getValue().asText();
                    }
                });
                break;
            }
            case "Network.loadingFinished":
                requests.computeIfAbsent(id, k -> new Request()).bytes = p.path("encodedDataLength").asLong();
                break;
            case "Network.loadingFailed":
                if (!p.path("canceled").asBoolean(false)) {
                    requests.computeIfAbsent(id, k -> new Request()).failure = p.path("errorText").asText("failed");
                }
                break;
            default:
        }
    }

    /** {@code GET https://x/app.js -> 404} or {@code GET https://x/a.png: net::ERR_CONNECTION_REFUSED}. */
    List<String> failed() {
        List<String> out = new ArrayList<>();
        for (Request r : web()) {
            if (r.failure != null) {
                out.add(r.method + " " + r.url + ": " + r.failure);
            } else if (r.status >= 400) {
                out.add(r.method + " " + r.url + " -> " + r.status);
            }
        }
        return out;
    }

    int count() {
        return web().size();
    }

    /** Bytes on the wire by type: js, css, images, fonts, html, other and total. */
    Map<String, Object> transferred() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("js", "css", "images", "fonts", "html", "other", "total")) {
            m.put(k, 0L);
        }
        for (Request r : web()) {
            String k = kind(r.type);
            m.merge(k, r.bytes, (a, b) -> (Long) a + (Long) b);
            m.merge("total", r.bytes, (a, b) -> (Long) a + (Long) b);
        }
        m.put("code", (Long) m.get("js") + (Long) m.get("css"));
        return m;
    }

    /** Text assets (HTML, JS, CSS) over 1 KiB that came without a Content-Encoding. */
    List<String> uncompressed() {
        List<String> out = new ArrayList<>();
        for (Request r : web()) {
            String k = kind(r.type);
            if ((k.equals("js") || k.equals("css") || k.equals("html")) && r.status == 200 && r.bytes > 1024
                    && (r.encoding == null || r.encoding.isBlank() || r.encoding.equalsIgnoreCase("identity"))) {
                out.add(r.url);
            }
        }
        return out;
    }

    private static final java.util.Set<String> STATIC = java.util.Set.of("js", "css", "images", "fonts");
    private static final java.util.regex.Pattern MAX_AGE = java.util.regex.Pattern.compile("max-age=(\\d+)");

    /**
     * Static assets (JS, CSS, images, fonts) a browser or CDN may not keep: without a {@code max-age} of a day or
     * more, or with {@code no-store}/{@code no-cache}.
     */
    List<String> uncached() {
        List<String> out = new ArrayList<>();
        for (Request r : web()) {
            if (!STATIC.contains(kind(r.type)) || r.status != 200) {
                continue;
            }
            String cc = r.cacheControl == null ? "" : r.cacheControl.toLowerCase(Locale.ROOT);
            java.util.regex.Matcher age = MAX_AGE.matcher(cc);
            // a day is 5 digits: more than 9 (a hostile header's 30) is plenty and never overflows a long
            boolean kept = age.find() && (age.group(1).length() > 9 || Long.parseLong(age.group(1)) >= 86_400)
                    && !cc.contains("no-store") && !cc.contains("no-cache");
            if (!kept) {
                out.add(r.url + ": Cache-Control " + (r.cacheControl == null ? "missing" : "\"" + r.cacheControl + "\""));
            }
        }
        return out;
    }

    private static final java.util.Set<String> MODERN_IMAGES = java.util.Set.of("image/webp", "image/avif", "image/svg+xml");

    /** Raster images not in a modern format (WebP, AVIF; SVG is vector and fine). */
    List<String> oldFormatImages() {
        List<String> out = new ArrayList<>();
        for (Request r : web()) {
            if (kind(r.type).equals("images") && r.status == 200 && r.mimeType != null
                    && !MODERN_IMAGES.contains(r.mimeType)) {
                out.add(r.url + ": " + r.mimeType + " (use WebP or AVIF)");
            }
        }
        return out;
    }

    private static String kind(String devtoolsType) {
        switch (devtoolsType.toLowerCase(Locale.ROOT)) {
            case "script": return "js";
            case "stylesheet": return "css";
            case "image": return "images";
            case "font": return "fonts";
            case "document": return "html";
            default: return "other";
        }
    }
}
