package dev.deploycheck.probe.http;

import dev.deploycheck.probe.tls.Trust;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the {@link HttpClient} for a trust/redirect/version configuration and shares it between items (an
 * HttpClient owns a connection pool and threads; one per item would waste both). Used by every HTTP-speaking
 * probe kind. Certificates from a CA file are date-checked, anchors included (see {@link Trust#strict}).
 */
public final class HttpClients {
    /**
     * One client configuration. {@code caFile} null means the JDK trust store; {@code insecure} trusts any chain and
     * skips the hostname check.
     */
    public record Config(Path caFile, boolean insecure, HttpClient.Redirect redirect, HttpClient.Version version) {
        public Config {
            if (caFile != null && insecure) {
                throw new IllegalArgumentException("caFile and insecure exclude each other");
            }
        }
    }

    // keyed by configuration and the CA file's timestamp, so an edited CA file is read again
    private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private HttpClients() {}

    public static HttpClient get(Config config) throws IOException {
        if (config.caFile() != null && !Files.isReadable(config.caFile())) {
            throw new IOException("cannot read caFile " + config.caFile());
        }
        String key = config + "@" + (config.caFile() == null ? 0 : Files.getLastModifiedTime(config.caFile()).toMillis());
        HttpClient cached = CLIENTS.get(key);
        if (cached != null) {
            return cached;
        }
        HttpClient built = build(config);
        HttpClient raced = CLIENTS.putIfAbsent(key, built);
        return raced == null ? built : raced;
    }

    private static HttpClient build(Config config) throws IOException {
        var tm = config.insecure() ? Trust.insecure() : Trust.strict(config.caFile());
        return HttpClient.newBuilder()
                .sslContext(Trust.context(tm))
                .followRedirects(config.redirect())
                .version(config.version())
                .build();
    }
}
