package dev.deploycheck.backend.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Prometheus registry and every meter the backend publishes: request timers (route template, method,
 * status, with histogram buckets), JVM meters, and the business counters the checklist watches. Hikari adds
 * its pool meters to the same registry.
 */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> logins = new ConcurrentHashMap<>();
    private final Counter registrations;
    private final Counter userMessages;
    private final Counter assistantMessages;
    private final Counter tokenRefreshes;
    private final Counter refreshReuse;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public Metrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // disk_free_bytes / disk_total_bytes of the working directory (logs, releases): the DiskUsageHigh alert
        new DiskSpaceMetrics(new java.io.File(".")).bindTo(registry);
        registrations = Counter.builder("auth.registrations").description("accounts created").register(registry);
        userMessages = Counter.builder("chat.messages").tag("role", "user").description("chat messages stored").register(registry);
        assistantMessages = Counter.builder("chat.messages").tag("role", "assistant").description("chat messages stored").register(registry);
        tokenRefreshes = Counter.builder("auth.token.refreshes").description("refresh tokens rotated").register(registry);
        refreshReuse = Counter.builder("auth.refresh.reuse").description("reused refresh tokens (family revoked)").register(registry);
        for (String outcome : new String[]{"success", "failure", "locked"}) loginCounter(outcome);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one HTTP request; {@code route} is the route template ("/api/conversations/{id}"), never the raw path. */
    public void recordRequest(String method, String route, int status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status")
                .tag("method", method)
                .tag("uri", route)
                .tag("status", String.valueOf(status))
                .tag("outcome", outcome(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void registration() {
        registrations.increment();
    }

    /** @param outcome success, failure or locked */
    public void login(String outcome) {
        loginCounter(outcome).increment();
    }

    public void userMessage() {
        userMessages.increment();
    }

    public void assistantMessage() {
        assistantMessages.increment();
    }

    public void tokenRefresh() {
        tokenRefreshes.increment();
    }

    public void refreshReuse() {
        refreshReuse.increment();
    }

    /** Publishes a gauge read at scrape time (NaN when its source cannot be read). */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, () -> {
            try {
                return value.get();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    private Counter loginCounter(String outcome) {
        return logins.computeIfAbsent(outcome, o -> Counter.builder("auth.logins").tag("outcome", o)
                .description("login attempts by outcome").register(registry));
    }

    private static String outcome(int status) {
        if (status < 200) return "INFORMATIONAL";
        if (status < 300) return "SUCCESS";
        if (status < 400) return "REDIRECTION";
        if (status < 500) return "CLIENT_ERROR";
        return "SERVER_ERROR";
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
