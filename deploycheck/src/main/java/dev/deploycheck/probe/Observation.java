package dev.deploycheck.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a probe saw: named facts for expectations to read ({@code status}, {@code header}, {@code json},
 * {@code duration}, {@code cert}, ...), the kind's built-in safety checks, and evidence lines for the report.
 *
 * <p>Fact values are plain Java: String, Number, Boolean, {@link java.time.Duration}, {@link java.time.Instant},
 * List, Map (a case-insensitive map for headers), Jackson JsonNode, or an ordered value type such as
 * {@link dev.deploycheck.expect.TlsVersion}.
 */
public final class Observation {
    /** A built-in safety check of a probe kind (an untrusted chain fails a TLS item unless the item opts out). */
    public record Check(String name, boolean passed, String detail) {}

    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> evidence = new ArrayList<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();

    public Observation fact(String name, Object value) {
        facts.put(name, value);
        return this;
    }

    public Object get(String name) {
        return facts.get(name);
    }

    public Map<String, Object> facts() {
        return Collections.unmodifiableMap(facts);
    }

    /**
     * Marks a fact the probe could not establish, and why ("invalid JSON at 2:13", "body exceeds 1 MiB limit"):
     * an expectation or capture that reads it fails with that reason instead of being evaluated.
     */
    public Observation unavailable(String name, String reason) {
        facts.remove(name);
        unavailable.put(name, reason);
        return this;
    }

    /** Why the named fact could not be established, or null when it is present or simply absent. */
    public String unavailable(String name) {
        return unavailable.get(name);
    }

    public Observation check(String name, boolean passed, String detail) {
        checks.add(new Check(name, passed, detail));
        return this;
    }

    public List<Check> checks() {
        return Collections.unmodifiableList(checks);
    }

    public Observation evidence(String line) {
        evidence.add(line);
        return this;
    }

    public List<String> evidence() {
        return Collections.unmodifiableList(evidence);
    }
}
