package dev.deploycheck.backend.knowledge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knowledge-base meters: uploads by outcome, upload size and indexing time, search latency. In Prometheus:
 * {@code knowledge_uploads_total{outcome}}, {@code knowledge_upload_bytes}, {@code knowledge_upload_seconds},
 * {@code knowledge_search_seconds}, {@code knowledge_search_results}.
 */
public final class KnowledgeMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> uploads = new ConcurrentHashMap<>();
    private final DistributionSummary uploadBytes;
    private final Timer uploadTimer;
    private final Timer searchTimer;
    private final DistributionSummary searchResults;

    public KnowledgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : new String[]{"created", "duplicate", "rejected"}) uploads(outcome);
        uploadBytes = DistributionSummary.builder("knowledge.upload.bytes").baseUnit("bytes")
                .description("size of accepted uploads").register(registry);
        uploadTimer = Timer.builder("knowledge.upload").description("extracting, chunking, encrypting and indexing an upload")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        searchTimer = Timer.builder("knowledge.search").description("full-text search latency")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        searchResults = DistributionSummary.builder("knowledge.search.results").description("passages returned per search").register(registry);
    }

    /** @param outcome created, duplicate or rejected */
    public void upload(String outcome) {
        uploads(outcome).increment();
    }

    public void indexed(long bytes, long nanos) {
        uploadBytes.record(bytes);
        uploadTimer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void searched(int results, long nanos) {
        searchResults.record(results);
        searchTimer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Counter uploads(String outcome) {
        return uploads.computeIfAbsent(outcome, o -> Counter.builder("knowledge.uploads").tag("outcome", o)
                .description("document uploads by outcome").register(registry));
    }
}
