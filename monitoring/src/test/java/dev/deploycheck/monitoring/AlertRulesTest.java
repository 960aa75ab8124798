package dev.deploycheck.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The alert rules: valid, one per checklist threshold, and each with a firing and a quiet promtool case. */
class AlertRulesTest {
    /** The checklist's "Alert Thresholds" and the uptime line, as the rules name them. */
    static final Set<String> THRESHOLD_ALERTS = Set.of("ApiResponseTimeHigh", "ErrorRateHigh", "CpuUsageHigh",
            "MemoryUsageHigh", "DiskUsageHigh", "DatabaseConnectionFailures", "RedisConnectionFailures", "BackendDown",
            "UptimeSLOBurnRateFast", "UptimeSLOBurnRateSlow");

    @Test
    void promtoolUnitTestsPass() throws Exception {
        String out = Tool.require("promtool", "prometheus").run("test", "rules", "rules/backend-alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void rulesAreValid() throws Exception {
        String out = Tool.require("promtool", "prometheus").run("check", "rules", "rules/backend-alerts.yml");
        assertTrue(out.contains("SUCCESS: 14 rules found"), out);
    }

    @Test
    void everyThresholdHasARuleAndEveryRuleAFiringAndAQuietCase() throws Exception {
        assertEquals(new TreeSet<>(THRESHOLD_ALERTS), new TreeSet<>(alerts()));
        Map<String, Object> tests = yaml("rules/backend-alerts.test.yml");
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Map<String, Object> test : list(tests.get("tests"))) {
            for (Map<String, Object> c : list(test.getOrDefault("alert_rule_test", List.of()))) {
                String name = (String) c.get("alertname");
                (list(c.get("exp_alerts")).isEmpty() ? quiet : firing).add(name);
            }
        }
        assertEquals(new TreeSet<>(THRESHOLD_ALERTS), firing, "alerts with a firing case");
        assertEquals(new TreeSet<>(THRESHOLD_ALERTS), quiet, "alerts with a quiet case");
    }

    static List<String> alerts() throws Exception {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> group : list(yaml("rules/backend-alerts.yml").get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                if (rule.containsKey("alert")) {
                    names.add((String) rule.get("alert"));
                }
            }
        }
        return names;
    }

    static Map<String, Object> yaml(String path) throws Exception {
        return new Yaml().load(Files.readString(Tool.MONITORING.resolve(path)));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }
}
