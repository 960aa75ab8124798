package dev.deploycheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploycheck.checklist.Severity;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * SARIF 2.1.0 for code-scanning views: one rule per checklist item (rule id = item id, stable across runs), one
 * result per FAIL, WARN or ERROR item pointing at the item's line and column in the checklist.
 */
public final class SarifReport implements ReportFormat {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    @Override
    public String name() {
        return "sarif";
    }

    @Override
    public String extension() {
        return "sarif";
    }

    @Override
    public void write(RunResult r, Writer out) throws IOException {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "deploycheck");
        driver.put("version", version(r.tool()));
        driver.put("informationUri", "https://deploycheck.dev");
        ArrayNode rules = driver.putArray("rules");
        ArrayNode results = JsonReport.MAPPER.createArrayNode();
        for (int n = 0; n < r.items().size(); n++) {
            ItemResult i = r.items().get(n);
            rules.add(rule(i));
            if (i.verdict() == Verdict.FAIL || i.verdict() == Verdict.WARN || i.verdict() == Verdict.ERROR) {
                results.add(result(i, n));
            }
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", !r.deadlineExceeded());
        invocation.put("startTimeUtc", r.startedAt().toString());
        invocation.put("endTimeUtc", r.startedAt().plus(r.duration()).toString());
        invocation.put("exitCode", r.exitCode());
        run.set("results", results);
        out.write(JsonReport.MAPPER.writeValueAsString(root));
        out.write('\n');
    }

    private static ObjectNode rule(ItemResult i) {
        ObjectNode rule = JsonReport.MAPPER.createObjectNode();
        rule.put("id", i.id());
        rule.putObject("shortDescription").put("text", i.title());
        rule.putObject("defaultConfiguration").put("level", i.severity() == Severity.CRITICAL ? "error" : "warning");
        ObjectNode props = rule.putObject("properties");
        props.putArray("tags").add(i.section()).add(i.kind());
        props.put("severity", i.severity().label());
        return rule;
    }

    private static ObjectNode result(ItemResult i, int index) {
        ObjectNode res = JsonReport.MAPPER.createObjectNode();
        res.put("ruleId", i.id());
        res.put("ruleIndex", index);
        res.put("level", level(i));
        res.putObject("message").put("text", message(i));
        if (i.pos().line() > 0) {
            ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", i.pos().file());
            ObjectNode region = physical.putObject("region");
            region.put("startLine", i.pos().line());
            if (i.pos().column() > 0) {
                region.put("startColumn", i.pos().column());
            }
        }
        ObjectNode props = res.putObject("properties");
        props.put("verdict", i.verdict().name());
        if (i.target() != null) {
            props.put("target", i.target());
        }
        props.put("durationMs", i.duration().toMillis());
        ArrayNode ev = props.putArray("evidence");
        i.evidence().forEach(ev::add);
        return res;
    }

    /** error for a critical item that failed or could not run; warning for WARN and for warning-severity items. */
    static String level(ItemResult i) {
        return i.verdict() == Verdict.WARN || i.severity() == Severity.WARNING ? "warning" : "error";
    }

    /** The item's message, then every failed check and expectation with its actual value. */
    static String message(ItemResult i) {
        List<String> lines = new ArrayList<>();
        lines.add(i.message());
        for (Observation.Check c : i.checks()) {
            if (!c.passed() && !i.message().equals(c.name() + ": " + c.detail())) {
                lines.add(c.name() + ": " + c.detail());
            }
        }
        for (Outcome o : i.expectations()) {
            if (!o.passed() && !o.message().equals(i.message())) {
                lines.add(o.message());
            }
        }
        return String.join("\n", lines);
    }

    /** "deploycheck 0.1.0" -> "0.1.0". */
    static String version(String tool) {
        int sp = tool == null ? -1 : tool.lastIndexOf(' ');
        return sp < 0 ? String.valueOf(tool) : tool.substring(sp + 1);
    }
}
