package dev.deploycheck.backend.assistant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Wraps an assistant with its meters: {@code assistant_reply_seconds{provider,outcome}} (latency of whole
 * replies), {@code assistant_errors_total{provider,reason}} and, fed by the OpenAI client,
 * {@code assistant_retries_total{provider}}.
 */
public final class AssistantMetrics implements Assistant {
    private final Assistant delegate;
    private final MeterRegistry registry;
    private final Timer success;
    private final Timer failure;

    public AssistantMetrics(Assistant delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        this.success = timer("success");
        this.failure = timer("error");
        for (String reason : List.of("rate_limited", "upstream_5xx", "timeout", "rejected", "io", "protocol")) errors(reason);
    }

    @Override
    public String provider() {
        return delegate.provider();
    }

    @Override
    public String reply(UUID userId, List<Turn> history, Consumer<String> onDelta) throws AssistantException {
        long started = System.nanoTime();
        try {
            String reply = delegate.reply(userId, history, onDelta);
            success.record(Duration.ofNanos(System.nanoTime() - started));
            return reply;
        } catch (AssistantException e) {
            failure.record(Duration.ofNanos(System.nanoTime() - started));
            errors(e.reason()).increment();
            throw e;
        }
    }

    /** Counts one retry of an upstream call (used by {@link OpenAiAssistant}). */
    public static Runnable retryCounter(MeterRegistry registry, String provider) {
        Counter c = Counter.builder("assistant.retries").tag("provider", provider).description("retried assistant API calls").register(registry);
        return c::increment;
    }

    private Timer timer(String outcome) {
        return Timer.builder("assistant.reply").tag("provider", delegate.provider()).tag("outcome", outcome)
                .description("time to a complete assistant reply").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(120)).register(registry);
    }

    private Counter errors(String reason) {
        return Counter.builder("assistant.errors").tag("provider", delegate.provider()).tag("reason", reason)
                .description("assistant replies that failed, by reason").register(registry);
    }
}
