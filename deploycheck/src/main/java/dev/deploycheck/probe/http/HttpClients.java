package dev.deploycheck.probe.http;

import dev.deploycheck.probe.tls.Trust;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    // keyed by configuration and the CA file's timestamp, so an edited CA file is read again. The value is a future
    // so that items starting at the same moment wait for one client instead of each building its own (a client
    // costs a trust store parse and a selector thread; 32 concurrent items used to build 32 and keep 31 alive)
    private static final Map<String, CompletableFuture<HttpClient>> CLIENTS = new ConcurrentHashMap<>();

    private HttpClients() {}

    public static HttpClient get(Config config) throws IOException {
        if (config.caFile() != null && !Files.isReadable(config.caFile())) {
            throw new IOException("cannot read caFile " + config.caFile());
        }
        String key = config + "@" + (config.caFile() == null ? 0 : Files.getLastModifiedTime(config.caFile()).toMillis());
        CompletableFuture<HttpClient> mine = new CompletableFuture<>();
        CompletableFuture<HttpClient> existing = CLIENTS.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(build(config));
            } catch (IOException | RuntimeException e) {
                CLIENTS.remove(key, mine); // not cached: the next item tries again
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Stops the shared clients' selector threads; called by the CLI just before it exits. Why: on JDK 17 the VM's
     * exit waits up to 300 ms for every thread that is inside a native call, and each HttpClient keeps a selector
     * thread parked in {@code epoll_wait} (JDK 21+ has {@code HttpClient.shutdownNow()}; 17 has no public way to
     * stop it, so the internal {@code SelectorManager.shutdown()} is called, opened by the jar's manifest
     * {@code Add-Opens}). Best effort: when the internals are not accessible nothing happens but a slower exit.
     */
    public static void closeAll() {
        for (CompletableFuture<HttpClient> client : CLIENTS.values()) {
            if (client.isDone() && !client.isCompletedExceptionally()) {
                close(client.join());
            }
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
