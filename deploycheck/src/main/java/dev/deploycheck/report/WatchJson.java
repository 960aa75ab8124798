package dev.deploycheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploycheck.run.Verdict;
import dev.deploycheck.run.Watch;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code watch} section of a JSON report: the window's settings and outcome, every round, and the series per
 * item ({@code [roundNumber, verdict, durationMs]} triples) for charts and machines.
 */
final class WatchJson {
    private WatchJson() {}

    static ObjectNode write(Watch w) {
        ObjectNode o = JsonReport.MAPPER.createObjectNode();
        o.put("windowMs", w.window().toMillis());
        o.put("everyMs", w.every().toMillis());
        o.put("failureLimit", w.failureLimit());
        o.put("consecutiveErrorLimit", w.consecutiveErrorLimit());
        o.put("outcome", w.outcome().name());
        o.put("reason", w.reason());
        ArrayNode rounds = o.putArray("rounds");
        for (Watch.Round r : w.rounds()) {
            ObjectNode ro = rounds.addObject();
            ro.put("round", r.number());
            ro.put("startedAt", r.startedAt().toString());
            ro.put("durationMs", r.duration().toMillis());
            ObjectNode verdicts = ro.putObject("verdicts");
            r.samples().forEach(s -> verdicts.put(s.id(), s.verdict().name()));
        }
        ObjectNode series = o.putObject("series");
        for (Map.Entry<String, List<Watch.Sample>> e : w.series().entrySet()) {
            ArrayNode points = series.putArray(e.getKey());
            for (Watch.Round r : w.rounds()) {
                for (Watch.Sample s : r.samples()) {
                    if (s.id().equals(e.getKey())) {
                        points.addArray().add(r.number()).add(s.verdict().name()).add(s.durationMs());
                    }
                }
            }
        }
        return o;
    }

    static Watch read(JsonNode o) throws ReportReader.InvalidReportException {
        try {
            List<Watch.Round> rounds = new ArrayList<>();
            JsonNode series = o.path("series");
            for (JsonNode r : o.path("rounds")) {
                int number = r.path("round").asInt();
                List<Watch.Sample> samples = new ArrayList<>();
                var ids = r.path("verdicts").fieldNames();
                while (ids.hasNext()) {
                    String id = ids.next();
                    long ms = 0;
                    for (JsonNode p : series.path(id)) {
                        if (p.path(0).asInt() == number) {
                            ms = p.path(2).asLong();
                        }
                    }
                    samples.add(new Watch.Sample(id, Verdict.valueOf(r.path("verdicts").path(id).asText()), ms));
                }
                rounds.add(new Watch.Round(number, Instant.parse(r.path("startedAt").asText()),
                        Duration.ofMillis(r.path("durationMs").asLong()), samples));
            }
            return new Watch(Duration.ofMillis(o.path("windowMs").asLong()), Duration.ofMillis(o.path("everyMs").asLong()),
                    o.path("failureLimit").asInt(), o.path("consecutiveErrorLimit").asInt(),
                    Watch.Outcome.valueOf(o.path("outcome").asText()), o.path("reason").asText(), rounds);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ReportReader.InvalidReportException("invalid 'watch' section: " + e.getMessage());
        }
    }
}
