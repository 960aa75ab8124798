package dev.deploycheck.backend.metrics;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric the alert rules and the Grafana dashboard of monitoring/ read is one this backend exports: a rule
 * on a name nobody exports never fires, silently.
 */
class MonitoringCoverageTest {
    private static final Path MONITORING = Path.of("..", "monitoring");
    /** A name not followed by "(" (a function) and not part of a number. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][\\w:]*)\\b(?!\\s*\\()");
    private static final Set<String> NOT_METRICS = Set.of("by", "without", "and", "or", "unless", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "expr");
    /** Series Prometheus makes itself. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up", "ALERTS");

    @Test
    void everyMetricOfTheRulesAndTheDashboardIsExported() throws Exception {
        Api api = TestServices.get().api();
        api.get("/api/health", null); // the request timer exists once a request was served
        Set<String> exported = api.get("/metrics", null).raw().lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
        Set<String> read = new TreeSet<>();
        read.addAll(metrics(ruleExprs(Files.readString(MONITORING.resolve("rules/backend-alerts.yml")))));
        read.addAll(metrics(dashboardExprs(Files.readString(MONITORING.resolve("grafana/dashboards/backend.json")))));
        assertTrue(read.containsAll(Set.of("http_server_requests_seconds_bucket", "system_cpu_usage", "disk_free_bytes",
                "dependency_connection_failures_total", "users_active")), read.toString());
        read.removeAll(exported);
        assertEquals(Set.of(), read, "read by monitoring/ but not exported");
    }

    /** The PromQL of a rules file: each {@code expr:} value, inline or a {@code |} block. */
    static List<String> ruleExprs(String yaml) {
        List<String> exprs = new ArrayList<>();
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf("expr:");
            if (at < 0 || line.strip().startsWith("#")) continue;
            String value = line.substring(at + 5).strip();
            if (!value.equals("|")) {
                exprs.add(value);
                continue;
            }
            StringBuilder block = new StringBuilder();
            while (i + 1 < lines.size() && indent(lines.get(i + 1)) > at) block.append(lines.get(++i)).append('\n');
            exprs.add(block.toString());
        }
        return exprs;
    }

    /** The PromQL of a dashboard: every target's {@code expr}. */
    static List<String> dashboardExprs(String json) throws Exception {
        List<String> exprs = new ArrayList<>();
        new ObjectMapper().readTree(json).findValues("expr").forEach(n -> exprs.add(n.asText()));
        return exprs;
    }

    private static int indent(String line) {
        return line.isBlank() ? Integer.MAX_VALUE : line.length() - line.stripLeading().length();
    }

    /** The metric names a PromQL expression reads. */
    static Set<String> metrics(List<String> exprs) {
        Set<String> names = new TreeSet<>();
        for (String e : exprs) {
            String expr = e.replaceAll("\\{[^}]*}", " ")            // label matchers
                    .replaceAll("\\[[^]]*]", " ")                    // range durations
                    .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                    .replaceAll("\"[^\"]*\"", " ");
            Matcher id = IDENTIFIER.matcher(expr);
            while (id.find()) {
                String name = id.group(1);
                if (!NOT_METRICS.contains(name) && !PROMETHEUS_OWN.contains(name) && !name.contains(":")) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
