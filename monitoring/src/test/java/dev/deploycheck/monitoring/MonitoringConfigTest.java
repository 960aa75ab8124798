package dev.deploycheck.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** prometheus.yml, alertmanager.yml and the Grafana dashboard and provisioning files. */
class MonitoringConfigTest {
    @Test
    void prometheusConfigIsValidAndLoadsTheRules() throws Exception {
        // --syntax-only: the bearer token file exists on the Prometheus host only; the rule files are checked here
        String out = Tool.require("promtool", "prometheus").run("check", "config", "--syntax-only", "prometheus.yml");
        assertTrue(out.contains("SUCCESS"), out);
        Map<String, Object> config = AlertRulesTest.yaml("prometheus.yml");
        @SuppressWarnings("unchecked")
        List<String> ruleFiles = (List<String>) config.get("rule_files");
        assertEquals(List.of("rules/backend-alerts.yml"), ruleFiles);
        List<String> jobs = new ArrayList<>();
        for (Map<String, Object> job : AlertRulesTest.list(config.get("scrape_configs"))) {
            jobs.add((String) job.get("job_name"));
        }
        assertTrue(jobs.contains("backend"), jobs.toString());
        assertTrue(Files.exists(Tool.MONITORING.resolve("targets/backend.yml")));
    }

    @Test
    void alertmanagerConfigIsValidAndRoutesToTheWebhook() throws Exception {
        String out = Tool.require("amtool", "prometheus-alertmanager").run("check-config", "alertmanager.yml");
        assertTrue(out.contains("SUCCESS"), out);
        Map<String, Object> config = AlertRulesTest.yaml("alertmanager.yml");
        List<Map<String, Object>> receivers = AlertRulesTest.list(config.get("receivers"));
        assertEquals(1, receivers.size());
        assertFalse(AlertRulesTest.list(receivers.get(0).get("webhook_configs")).isEmpty(), receivers.toString());
    }

    @Test
    void dashboardReadsTheProvisionedDatasourceAndHasTheChecklistPanels() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(Tool.MONITORING.resolve("grafana/dashboards/backend.json").toFile());
        String uid = (String) AlertRulesTest.list(AlertRulesTest.yaml("grafana/provisioning/datasources/prometheus.yml")
                .get("datasources")).get(0).get("uid");
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dash.get("panels")) {
            titles.add(panel.get("title").asText());
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertEquals(uid, panel.at("/datasource/uid").asText(), panel.get("title").asText());
            assertTrue(panel.get("targets").size() > 0, panel.get("title").asText());
            for (JsonNode target : panel.get("targets")) {
                assertFalse(target.get("expr").asText().isBlank(), panel.get("title").asText());
            }
        }
        for (String needed : List.of("API response time", "Error rate", "Uptime", "CPU usage", "Heap usage",
                "Disk usage", "Active users", "Chat messages per minute", "Document uploads",
                "Authentication success rate")) {
            assertTrue(titles.stream().anyMatch(t -> t.startsWith(needed)), needed + " not in " + titles);
        }
        assertTrue(Files.exists(Tool.MONITORING.resolve("grafana/provisioning/dashboards/deploycheck.yml")));
    }
}
