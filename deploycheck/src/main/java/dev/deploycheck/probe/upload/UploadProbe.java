package dev.deploycheck.probe.upload;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.http.HttpProbe;
import dev.deploycheck.probe.http.TlsOptions;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code probe: upload} — the knowledge base end to end: a generated document with a unique marker word is uploaded
 * (multipart), must then be listed and found by a search for the marker, and is deleted in every case (even when an
 * earlier step failed). Built-in checks: uploaded, listed, found by search, cleaned up.
 */
public final class UploadProbe implements ProbeKind {
    static final String DOCUMENTS_PATH = "/api/knowledge/documents";
    static final String SEARCH_PATH = "/api/knowledge/search";
    static final int DEFAULT_SIZE = 1024;
    static final int MAX_SIZE = 10 * 1024 * 1024;

    /** The validated parameters of one item. {@code url} is the API's base URL; the paths are appended to it. */
    public record Spec(URI url, String documentsPath, String searchPath, String token, TlsOptions tls,
            String contentType, int size, boolean cleanup) {
        URI documents() {
            return URI.create(base() + documentsPath);
        }

        URI document(String id) {
            return URI.create(base() + documentsPath + "/" + id);
        }

        URI search() {
            return URI.create(base() + searchPath);
        }

        private String base() {
            String s = url.toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
    }

    @Override
    public String name() {
        return "upload";
    }

    @Override
    public String summary() {
        return "document upload: multipart upload of a generated document, then list and search find it, then delete it";
    }

    @Override
    public Set<String> keys() {
        Set<String> k = new HashSet<>(TlsOptions.KEYS);
        k.addAll(Set.of("url", "token", "documentsPath", "searchPath", "contentType", "size", "cleanup"));
        return k;
    }

    @Override
    public Set<String> facts() {
        return Set.of("marker", "uploadStatus", "uploadTime", "document", "listed", "listStatus", "found",
                "searchStatus", "searchTime", "snippet", "deleted", "deleteStatus");
    }

    @Override
    public Probe create(Params params) {
        URI url = HttpProbe.url(params, "url");
        String token = params.optString("token").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        TlsOptions tls = TlsOptions.read(params);
        String documents = path(params, "documentsPath", DOCUMENTS_PATH);
        String search = path(params, "searchPath", SEARCH_PATH);
        String contentType = params.string("contentType", "text/markdown").trim();
        if (!params.deferred("contentType") && !contentType.matches("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?")) {
            params.error("contentType", "'contentType' must be a media type such as text/markdown, found '"
                    + contentType + "'");
        }
        int size = params.integer("size", DEFAULT_SIZE, 1, MAX_SIZE);
        Spec spec = new Spec(url, documents, search, token, tls, contentType, Math.max(1, Math.min(MAX_SIZE, size)),
                params.bool("cleanup", true));
        return ctx -> new UploadRun(spec, ctx).run();
    }

    private static String path(Params params, String key, String fallback) {
        String p = params.string(key, fallback).trim();
        if (!params.deferred(key) && (!p.startsWith("/") || p.contains("?") || p.contains(" "))) {
            params.error(key, "'" + key + "' must be a path such as " + fallback + ", found '" + p + "'");
        }
        return p;
    }
}
