package dev.deploycheck.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** The canonical report (docs/json-report.md): everything the other formats can be rendered from. */
public final class JsonReport implements ReportFormat {
    public static final String SCHEMA = "https://deploycheck.dev/schema/report/v1";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return "json";
    }

    @Override
    public String extension() {
        return "json";
    }

    @Override
    public void write(RunResult r, Writer out) throws IOException {
        out.write(MAPPER.writeValueAsString(toJson(r)));
        out.write('\n');
    }

    /** Reads a saved report back; see {@link ReportReader}. */
    public static RunResult read(String json) throws ReportReader.InvalidReportException {
        return ReportReader.read(json);
    }

    public static ObjectNode toJson(RunResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("tool", r.tool());
        ObjectNode cl = root.putObject("checklist");
        cl.put("name", r.checklistName());
        cl.put("file", Paths.display(r.checklistFile()));
        ObjectNode pr = root.putObject("profile");
        pr.put("name", r.profileName());
        pr.put("file", Paths.display(r.profileFile()));
        root.put("startedAt", r.startedAt().toString());
        root.put("durationMs", r.duration().toMillis());
        root.put("result", r.overall());
        root.put("exitCode", r.exitCode());
        root.put("deadlineExceeded", r.deadlineExceeded());
        ObjectNode summary = root.putObject("summary");
        summary.put("total", r.items().size());
        r.counts().forEach((v, n) -> summary.put(v.name().toLowerCase(Locale.ROOT), n));
        ArrayNode items = root.putArray("items");
        for (ItemResult i : r.items()) {
            items.add(item(i));
        }
        if (r.watch() != null) {
            root.set("watch", WatchJson.write(r.watch()));
        }
        return root;
    }

    private static ObjectNode item(ItemResult i) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", i.id());
        if (i.target() != null) {
            o.put("target", i.target());
        }
        o.put("title", i.title());
        o.put("section", i.section());
        o.put("kind", i.kind());
        o.put("severity", i.severity().label());
        o.put("verdict", i.verdict().name());
        o.put("message", i.message());
        o.put("startedAt", i.startedAt().toString());
        o.put("durationMs", i.duration().toMillis());
        o.put("attempts", i.attempts());
        ObjectNode loc = o.putObject("location");
        loc.put("file", i.pos().file());
        loc.put("line", i.pos().line());
        loc.put("column", i.pos().column());
        ArrayNode ex = o.putArray("expectations");
        for (Outcome oc : i.expectations()) {
            ObjectNode e = ex.addObject();
            e.put("expectation", oc.expectation());
            e.put("passed", oc.passed());
            e.put("message", oc.message());
        }
        ArrayNode checks = o.putArray("checks");
        for (Observation.Check c : i.checks()) {
            ObjectNode e = checks.addObject();
            e.put("name", c.name());
            e.put("passed", c.passed());
            e.put("detail", c.detail());
        }
        ArrayNode ev = o.putArray("evidence");
        i.evidence().forEach(ev::add);
        ObjectNode caps = o.putObject("captures");
        new java.util.TreeMap<>(i.captures()).forEach(caps::put); // sorted: the same result gives the same bytes
        return o;
    }

    static boolean failed(ItemResult i) {
        return i.verdict() == Verdict.FAIL || i.verdict() == Verdict.ERROR;
    }
}
