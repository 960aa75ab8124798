package dev.deploycheck.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Reads the JSON report a verify run wrote: which items got which verdict. */
final class Verdicts {
    private final TreeMap<String, String> byId = new TreeMap<>();
    private final JsonNode report;

    private Verdicts(JsonNode report) {
        this.report = report;
        report.path("items").forEach(i -> byId.put(i.path("id").asText(), i.path("verdict").asText()));
    }

    /** The newest report in the directory. */
    static Verdicts latest(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Path p = s.filter(f -> f.getFileName().toString().startsWith("report-"))
                    .max(Comparator.comparing(f -> f.getFileName().toString())).orElseThrow();
            return new Verdicts(new ObjectMapper().readTree(p.toFile()));
        }
    }

    Set<String> with(String verdict) {
        Set<String> out = new TreeSet<>();
        byId.forEach((id, v) -> {
            if (v.equals(verdict)) {
                out.add(id);
            }
        });
        return out;
    }

    String verdict(String id) {
        return byId.get(id);
    }

    String message(String id) {
        for (JsonNode i : report.path("items")) {
            if (i.path("id").asText().equals(id)) {
                return i.path("message").asText();
            }
        }
        return null;
    }

    /** Whether the item's built-in check of that name passed (null when it has no such check). */
    Boolean check(String id, String name) {
        for (JsonNode i : report.path("items")) {
            if (i.path("id").asText().equals(id)) {
                for (JsonNode c : i.path("checks")) {
                    if (c.path("name").asText().equals(name)) {
                        return c.path("passed").asBoolean();
                    }
                }
            }
        }
        return null;
    }

    /** Verdicts, then the message of every item that did not pass or skip: what a failed assertion should show. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(byId.toString());
        for (JsonNode i : report.path("items")) {
            String v = i.path("verdict").asText();
            if (!v.equals("PASS") && !v.equals("SKIP")) {
                sb.append("\n  ").append(v).append(' ').append(i.path("id").asText()).append(": ")
                        .append(i.path("message").asText());
            }
        }
        return sb.toString();
    }
}
