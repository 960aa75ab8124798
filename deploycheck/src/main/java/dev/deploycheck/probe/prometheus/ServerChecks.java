package dev.deploycheck.probe.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Shown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in checks on what a Prometheus server reports about itself: its rules ({@code /api/v1/rules}), its
 * alerts ({@code /api/v1/alerts}) and its scrape targets ({@code /api/v1/targets}). Each reads the API's
 * {@code data} and adds facts ({@code rules}, {@code alerts}, {@code targets}) and checks.
 */
final class ServerChecks {
    private ServerChecks() {}

    /**
     * "alerts loaded" (every named alerting rule is there) and "rules healthy" (no rule's last evaluation failed;
     * a rule not evaluated yet, health "unknown", is not a failure).
     */
    static void rules(JsonNode data, PrometheusProbe.Spec spec, Observation obs) {
        Set<String> alerts = new LinkedHashSet<>();
        List<String> unhealthy = new ArrayList<>();
        int rules = 0;
        int groups = 0;
        int unknown = 0;
        for (JsonNode group : data.path("groups")) {
            groups++;
            for (JsonNode rule : group.path("rules")) {
                rules++;
                String name = rule.path("name").asText();
                if (rule.path("type").asText().equals("alerting")) {
                    alerts.add(name);
                }
                String health = rule.path("health").asText("unknown");
                if (health.equals("unknown")) {
                    unknown++;
                } else if (!health.equals("ok")) {
                    String error = rule.path("lastError").asText("");
                    unhealthy.add(Shown.line(name + (error.isBlank() ? "" : " (" + error + ")"), 200));
                }
            }
        }
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("groups", groups);
        fact.put("count", rules);
        fact.put("alerts", List.copyOf(alerts));
        fact.put("unhealthy", List.copyOf(unhealthy));
        obs.fact("rules", fact);
        obs.evidence(rules + " rules in " + groups + " groups, " + alerts.size() + " alerting"
                + (unknown > 0 ? ", " + unknown + " not evaluated yet" : ""));
        if (!spec.alertsLoaded().isEmpty()) {
            List<String> missing = spec.alertsLoaded().stream().filter(a -> !alerts.contains(a)).toList();
            obs.check("alerts loaded", missing.isEmpty(), missing.isEmpty()
                    ? "all " + spec.alertsLoaded().size() + " named alerts are loaded"
                    : "not loaded: " + String.join(", ", missing) + " (" + alerts.size() + " alerting rules loaded)");
        }
        obs.check("rules healthy", rules > 0 && unhealthy.isEmpty(), rules == 0 ? "Prometheus has no rules loaded"
                : unhealthy.isEmpty() ? "no rule failed its last evaluation"
                : "failing: " + String.join("; ", unhealthy.subList(0, Math.min(3, unhealthy.size())))
                        + (unhealthy.size() > 3 ? " and " + (unhealthy.size() - 3) + " more" : ""));
    }

    /** "no alert firing": firing alerts not named in {@code allowFiring} fail the item; pending ones do not. */
    static void alerts(JsonNode data, PrometheusProbe.Spec spec, Observation obs) {
        List<String> firing = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        for (JsonNode alert : data.path("alerts")) {
            String name = alert.path("labels").path("alertname").asText("?");
            String instance = alert.path("labels").path("instance").asText("");
            String shown = instance.isEmpty() ? name : name + "{instance=\"" + instance + "\"}";
            if (alert.path("state").asText().equals("firing")) {
                firing.add(name);
                if (!spec.allowFiring().contains(name)) {
                    offending.add(Shown.line(shown, 120));
                }
            } else {
                pending.add(name);
            }
        }
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("firing", List.copyOf(new LinkedHashSet<>(firing)));
        fact.put("pending", List.copyOf(new LinkedHashSet<>(pending)));
        obs.fact("alerts", fact);
        obs.evidence(firing.size() + " alerts firing, " + pending.size() + " pending");
        obs.check("no alert firing", offending.isEmpty(), offending.isEmpty()
                ? (firing.isEmpty() ? "none firing" : "only allowed alerts firing: " + String.join(", ", firing))
                : "firing: " + String.join(", ", offending.subList(0, Math.min(5, offending.size())))
                        + (offending.size() > 5 ? " and " + (offending.size() - 5) + " more" : ""));
    }

    /** "targets up": each named job has at least one active target, and every one of them is up. */
    static void targets(JsonNode data, PrometheusProbe.Spec spec, Observation obs) {
        Map<String, int[]> perJob = new TreeMap<>();
        List<String> down = new ArrayList<>();
        for (JsonNode target : data.path("activeTargets")) {
            String job = target.path("labels").path("job").asText(target.path("scrapePool").asText(""));
            if (!spec.targetsUp().contains(job)) {
                continue;
            }
            int[] counts = perJob.computeIfAbsent(job, j -> new int[2]);
            if (target.path("health").asText().equals("up")) {
                counts[0]++;
            } else {
                counts[1]++;
                String error = target.path("lastError").asText("");
                String health = target.path("health").asText("unknown");
                down.add(Shown.line(job + " " + target.path("labels").path("instance").asText("?") + ": "
                        + (error.isBlank() ? health : error), 200));
            }
        }
        int up = perJob.values().stream().mapToInt(c -> c[0]).sum();
        List<String> noTargets = spec.targetsUp().stream().filter(j -> !perJob.containsKey(j)).toList();
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("up", up);
        fact.put("down", down.size());
        obs.fact("targets", fact);
        perJob.forEach((job, c) -> obs.evidence("job " + job + ": " + c[0] + " of " + (c[0] + c[1]) + " targets up"));
        List<String> problems = new ArrayList<>();
        if (!noTargets.isEmpty()) {
            problems.add("no active target for job " + String.join(", ", noTargets));
        }
        if (!down.isEmpty()) {
            problems.add("down: " + String.join("; ", down.subList(0, Math.min(3, down.size())))
                    + (down.size() > 3 ? " and " + (down.size() - 3) + " more" : ""));
        }
        obs.check("targets up", problems.isEmpty(), problems.isEmpty()
                ? "every target of " + String.join(", ", spec.targetsUp()) + " is up (" + up + ")"
                : String.join("; ", problems));
    }
}
