package dev.deploycheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.checklist.Pos;
import dev.deploycheck.checklist.Severity;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a saved JSON report (docs/json-report.md) back into the {@link RunResult} it was written from, so any
 * format can be rendered later and a signed report can be summarised. Writing the result again gives the same JSON.
 */
public final class ReportReader {
    /** The input is not a deploycheck JSON report; the message says which field is wrong. */
    public static final class InvalidReportException extends Exception {
        InvalidReportException(String message) {
            super(message);
        }
    }

    private ReportReader() {}

    public static RunResult read(String json) throws InvalidReportException {
        JsonNode root;
        try {
            root = JsonReport.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidReportException("not JSON: " + e.getOriginalMessage());
        }
        return read(root);
    }

    public static RunResult read(JsonNode root) throws InvalidReportException {
        if (root == null || !root.isObject()) {
            throw new InvalidReportException("not a deploycheck report: expected a JSON object");
        }
        if (!JsonReport.SCHEMA.equals(root.path("schema").asText())) {
            throw new InvalidReportException("not a deploycheck report: schema is '" + root.path("schema").asText()
                    + "', expected '" + JsonReport.SCHEMA + "'");
        }
        List<ItemResult> items = new ArrayList<>();
        for (JsonNode i : array(root, "items")) {
            items.add(item(i));
        }
        return new RunResult(text(root.path("checklist"), "name"), path(text(root.path("checklist"), "file")),
                text(root.path("profile"), "name"), path(text(root.path("profile"), "file")), instant(root, "startedAt"),
                Duration.ofMillis(number(root, "durationMs")), items, root.path("deadlineExceeded").asBoolean(false),
                text(root, "tool"), root.has("watch") ? WatchJson.read(root.path("watch")) : null);
    }

    private static ItemResult item(JsonNode i) throws InvalidReportException {
        String id = text(i, "id");
        try {
            List<Outcome> outcomes = new ArrayList<>();
            for (JsonNode e : array(i, "expectations")) {
                outcomes.add(new Outcome(text(e, "expectation"), e.path("passed").asBoolean(), text(e, "message")));
            }
            List<Observation.Check> checks = new ArrayList<>();
            for (JsonNode c : array(i, "checks")) {
                checks.add(new Observation.Check(text(c, "name"), c.path("passed").asBoolean(), text(c, "detail")));
            }
            List<String> evidence = new ArrayList<>();
            array(i, "evidence").forEach(e -> evidence.add(e.asText()));
            Map<String, String> captures = new LinkedHashMap<>();
            i.path("captures").fields().forEachRemaining(e -> captures.put(e.getKey(), e.getValue().asText()));
            JsonNode loc = i.path("location");
            return new ItemResult(id, text(i, "title"), text(i, "section"), text(i, "kind"),
                    Severity.valueOf(text(i, "severity").toUpperCase(Locale.ROOT)), Verdict.valueOf(text(i, "verdict")),
                    text(i, "message"), outcomes, checks, evidence, captures, instant(i, "startedAt"),
                    Duration.ofMillis(number(i, "durationMs")), (int) number(i, "attempts"),
                    new Pos(text(loc, "file"), (int) number(loc, "line"), (int) number(loc, "column")),
                    i.hasNonNull("target") ? i.path("target").asText() : null);
        } catch (IllegalArgumentException e) {
            throw new InvalidReportException("item '" + id + "': " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) throws InvalidReportException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidReportException("not a deploycheck report: '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field) throws InvalidReportException {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new InvalidReportException("not a deploycheck report: '" + field + "' is missing or not a number");
        }
        return v.asLong();
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) throws InvalidReportException {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new InvalidReportException("not a deploycheck report: '" + field + "' is missing or not an array");
        }
        return v;
    }

    private static Instant instant(JsonNode n, String field) throws InvalidReportException {
        String s = text(n, field);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidReportException("not a deploycheck report: '" + field + "' is not an instant: " + s);
        }
    }

    private static Path path(String s) {
        return s.isEmpty() ? null : Path.of(s);
    }
}
