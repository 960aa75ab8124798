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

    /**
     * Stops the shared clients' selector threads; called by the CLI just before it exits. Why: on JDK 17 the VM's
     * exit waits up to 300 ms for every thread that is inside a native call, and each HttpClient keeps a selector
     * thread parked in {@code epoll_wait} (JDK 21+ has {@code HttpClient.shutdownNow()}; 17 has no public way to
     * stop it, so the internal {@code SelectorManager.shutdown()} is called, opened by the jar's manifest
     * {@code Add-Opens}). Best effort: when the internals are not accessible nothing happens but a slower exit.
     */
    public static void closeAll() {
        for (HttpClient client : CLIENTS.values()) {
            close(client);
        }
        CLIENTS.clear();
    }

    static void close(HttpClient client) {
        try {
            try {
                HttpClient.class.getMethod("shutdownNow").invoke(client); // JDK 21+
                return;
            } catch (NoSuchMethodException jdk17) {
                // fall through to the JDK 17 internals
            }
            Object impl = field(client, "impl");
            Object selectorManager = field(impl, "selmgr");
            java.lang.reflect.Method shutdown = selectorManager.getClass().getDeclaredMethod("shutdown");
            shutdown.setAccessible(true);
            shutdown.invoke(selectorManager);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not accessible (no Add-Opens, e.g. in-process tests) or a different JDK: exit is merely slower
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
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
