package dev.deploycheck.probe.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.CliRun;
import dev.deploycheck.testing.Ports;
import dev.deploycheck.testing.TestParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The prometheus kind against WireMock answering as the Prometheus HTTP API does, success and error alike. Verdicts
 * are read from the whole CLI's JSON report: every misbehaviour is a FAIL or ERROR in one line, never a PASS.
 */
class PrometheusProbeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLASS_NAME = Pattern.compile("\\b\\w*(Exception|Error)\\b(?! [a-z])");
    static WireMockServer wm;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    static String vector(String... series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", series) + "]}}";
    }

    static String sample(String labels, String value) {
        return "{\"metric\":{" + labels + "},\"value\":[1700000000.123,\"" + value + "\"]}";
    }

    static void answer(MappingBuilder request, int status, String body) {
        wm.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body)));
    }

    private Observation observe(String yaml) throws Exception {
        return TestParams.run(new PrometheusProbe(), "url: " + wm.baseUrl() + "\n" + yaml, Duration.ofSeconds(5));
    }

    @Test
    void aVectorGivesEverySeriesWithItsLabelsAndTheirBounds() throws Exception {
        answer(post(urlPathEqualTo("/api/v1/query")).withRequestBody(containing("query=max+by+%28instance%29")), 200,
                vector(sample("\"instance\":\"api-1:8443\",\"job\":\"backend\"", "0.25"),
                        sample("\"instance\":\"api-2:8443\",\"job\":\"backend\"", "0.5")));
        Observation obs = observe("query: max by (instance) (system_cpu_usage)");
        assertEquals("vector", obs.get("resultType"));
        assertEquals(2, obs.get("series"));
        assertEquals(List.of(0.25, 0.5), obs.get("values"));
        assertEquals(0.25, obs.get("min"));
        assertEquals(0.5, obs.get("max"));
        assertEquals("the query returned 2 series: read max, min, values or result[i].value", obs.unavailable("value"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> result = (List<Map<String, Object>>) obs.get("result");
        assertEquals(Map.of("instance", "api-2:8443", "job", "backend"), result.get(1).get("labels"));
        assertEquals(0.5, result.get(1).get("value"));
        assertTrue(obs.checks().stream().allMatch(Observation.Check::passed), obs.checks().toString());
        assertTrue(obs.evidence().contains("{instance=\"api-1:8443\", job=\"backend\"} = 0.25"), obs.evidence().toString());
        wm.verify(postRequestedFor(urlPathEqualTo("/api/v1/query")).withRequestBody(containing("time=")));
    }

    @Test
    void oneSeriesOrAScalarIsTheValueAndDurationsReadSeconds() throws Exception {
        answer(post(urlPathEqualTo("/api/v1/query")).withRequestBody(containing("query=scalar")), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"0.999\"]}}");
        assertEquals(0.999, observe("query: scalar(avg_over_time(up[1h]))").get("value"));
        answer(post(urlPathEqualTo("/api/v1/query")).withRequestBody(containing("histogram_quantile")), 200,
                vector(sample("", "0.25")));
        Observation p95 = observe("query: histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))\nas: duration");
        assertEquals(Duration.ofMillis(250), p95.get("value"));
        assertEquals(Duration.ofMillis(250), p95.get("max"));
    }

    @Test
    void aRangeQueryAsksForTheWindowAndGivesEveryPoint() throws Exception {
        answer(post(urlPathEqualTo("/api/v1/query_range")), 200, "{\"status\":\"success\",\"data\":{\"resultType\":"
                + "\"matrix\",\"result\":[{\"metric\":{\"instance\":\"a\"},\"values\":[[1,\"0.1\"],[2,\"0.3\"],[3,\"0.2\"]]}]}}");
        Observation obs = observe("query: system_cpu_usage\nrange: 10m\nstep: 30s");
        assertEquals("matrix", obs.get("resultType"));
        assertEquals(List.of(0.1, 0.3, 0.2), obs.get("values"));
        assertEquals(0.3, obs.get("max"));
        assertEquals(0.2, obs.get("value"), "the last point");
        var request = wm.findAll(postRequestedFor(urlPathEqualTo("/api/v1/query_range"))).get(0);
        double start = Double.parseDouble(request.formParameter("start").firstValue());
        double end = Double.parseDouble(request.formParameter("end").firstValue());
        assertEquals(600, end - start, 1e-6);
        assertEquals(System.currentTimeMillis() / 1000.0, end, 10);
        assertEquals("30", request.formParameter("step").firstValue());
    }

    @Test
    void bearerAndBasicAuthAreSent() throws Exception {
        answer(post(urlPathEqualTo("/api/v1/query")).withHeader("Authorization", equalTo("Bearer t0k3n")), 200,
                vector(sample("", "1")));
        assertEquals(1.0, observe("query: up\nbearerToken: t0k3n").get("value"));
        answer(post(urlPathEqualTo("/api/v1/query")).withHeader("Authorization", equalTo("Basic YWxpY2U6czNjcjN0")), 200,
                vector(sample("", "2")));
        assertEquals(2.0, observe("query: up\nbasicAuth: {username: alice, password: s3cr3t}").get("value"));
    }

    /** Verdict and one-line message of a one-item checklist, through the CLI (JSON report). */
    record Outcome(String verdict, String message, String out) {}

    private Outcome verify(String item, Map<String, String> env) throws Exception {
        Path checklist = dir.resolve("c.yaml");
        Files.writeString(checklist, "version: 1\nsections:\n  - name: Monitoring\n    items:\n      - id: promql\n"
                + "        title: a PromQL item\n        timeout: 1s\n" + item.indent(8));
        Path profile = dir.resolve("p.yaml");
        Files.writeString(profile, "name: p\n");
        Path report = dir.resolve("r.json");
        CliRun r = CliRun.of(env, "verify", "--checklist", checklist.toString(), "--profile", profile.toString(),
                "-f", "console", "-f", "json=" + report);
        JsonNode result = JSON.readTree(Files.readString(report)).path("items").get(0);
        String message = result.path("message").asText();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertFalse(CLASS_NAME.matcher(message).find(), "exception class name in: " + message);
        Outcome o = new Outcome(result.path("verdict").asText(), message, r.out() + r.err());
        assertEquals(o.verdict().equals("PASS") ? 0 : 1, r.exitCode(), r.describe());
        return o;
    }

    private Outcome verify(String item) throws Exception {
        return verify("probe: prometheus\nurl: " + wm.baseUrl() + "\n" + item, Map.of());
    }

    @Test
    void expectationsReadTheFactsAndPass() throws Exception {
        answer(post(urlPathEqualTo("/api/v1/query")), 200,
                vector(sample("\"instance\":\"api-1:8443\"", "0.25"), sample("\"instance\":\"api-2:8443\"", "0.5")));
        Outcome o = verify("query: system_cpu_usage\nexpect:\n  - max < 0.9\n  - series == 2\n"
                + "  - result[0].labels.instance == \"api-1:8443\"\n  - values contains 0.5");
        assertEquals("PASS", o.verdict(), o.toString());
        Outcome over = verify("query: system_cpu_usage\nexpect: [max < 0.4]");
        assertEquals("FAIL", over.verdict());
        assertEquals("max (0.5) < 0.4", over.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        NaN          | 200 | {"status":"success","data":{"resultType":"vector","result":[{"metric":{"instance":"a"},"value":[1,"NaN"]}]}} | FAIL  | no NaN: the query returned NaN for {instance="a"} (0/0: no samples in the window?)
        empty result | 200 | {"status":"success","data":{"resultType":"vector","result":[]}}                                          | FAIL  | result not empty: the query returned no series (a metric nobody exports, or a selector that matches nothing)
        bad PromQL   | 400 | {"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected right parenthesis ')'"}  | ERROR | Prometheus rejected the query: 1:5: parse error: unexpected right parenthesis ')'
        unavailable  | 503 | {"status":"error","errorType":"unavailable","error":"TSDB not ready"}                                   | FAIL  | Prometheus answered HTTP 503 (unavailable): TSDB not ready
        query limit  | 422 | {"status":"error","errorType":"execution","error":"query processing would load too many samples"}      | FAIL  | Prometheus answered HTTP 422 (execution): query processing would load too many samples
        proxy 502    | 502 | <html><body>Bad Gateway</body></html>                                                                   | FAIL  | Prometheus at URL answered HTTP 502: "<html><body>Bad Gateway</body></html>"
        no auth      | 401 | Unauthorized                                                                                            | FAIL  | Prometheus at URL answered HTTP 401 (check bearerToken or basicAuth): "Unauthorized"
        not the API  | 200 | {"hello":"world"}                                                                                       | FAIL  | Prometheus at URL answered HTTP 200: "{"hello":"world"}"
        a string     | 200 | {"status":"success","data":{"resultType":"string","result":[1,"hello"]}}                                 | FAIL  | the query returned a string, not numbers: "hello"
        """)
    void prometheusErrorAnswersNeverPass(String name, int status, String body, String verdict, String message)
            throws Exception {
        answer(post(urlPathEqualTo("/api/v1/query")), status, body);
        // expectations that would hold on any number: the failure must come from the answer itself
        Outcome o = verify("query: rate(x[5m])\nexpect: [values exists, series >= 0]");
        assertEquals(verdict, o.verdict(), o.toString());
        assertEquals(message.replace("URL", wm.baseUrl()), o.message());
    }

    @Test
    void aPrometheusThatDoesNotAnswerInTimeFails() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withFixedDelay(3000)
                .withHeader("Content-Type", "application/json").withBody(vector(sample("", "1")))));
        Outcome o = verify("query: up");
        assertEquals("FAIL", o.verdict(), o.toString());
        assertTrue(o.message().startsWith("timed out after 1s: POST " + wm.baseUrl() + "/api/v1/query"), o.message());
    }

    @Test
    void nothingListeningFails() throws Exception {
        Outcome o = verify("probe: prometheus\nurl: http://127.0.0.1:" + Ports.closed() + "\nquery: up", Map.of());
        assertEquals("FAIL", o.verdict(), o.toString());
        assertTrue(o.message().startsWith("connection refused: 127.0.0.1:"), o.message());
    }

    @Test
    void aTokenEchoedBackIsMasked() throws Exception {
        answer(post(urlPathEqualTo("/api/v1/query")), 401, "token Tok-9f8e7d6c5b4a rejected");
        Outcome o = verify("probe: prometheus\nurl: " + wm.baseUrl() + "\nquery: up\nbearerToken: ${secret.PROM_TOKEN}",
                Map.of("PROM_TOKEN", "Tok-9f8e7d6c5b4a"));
        assertEquals("FAIL", o.verdict());
        assertFalse(o.message().contains("Tok-9f8e7d6c5b4a"), o.message());
        assertFalse(o.out().contains("Tok-9f8e7d6c5b4a"), o.out());
    }

    static final String RULES = """
        {"status":"success","data":{"groups":[{"name":"backend-thresholds","rules":[
          {"type":"alerting","name":"ErrorRateHigh","health":"ok"},
          {"type":"alerting","name":"DiskUsageHigh","health":"err","lastError":"vector contains metrics with the same labelset"},
          {"type":"recording","name":"job:x:rate5m","health":"unknown"}]}]}}""";

    @Test
    void rulesMissingOrFailingFailTheirChecks() throws Exception {
        answer(get(urlPathEqualTo("/api/v1/rules")), 200, RULES);
        Outcome missing = verify("alertsLoaded: [ErrorRateHigh, CpuUsageHigh]");
        assertEquals("FAIL", missing.verdict());
        assertEquals("alerts loaded: not loaded: CpuUsageHigh (2 alerting rules loaded)", missing.message());
        Outcome unhealthy = verify("alertsLoaded: [ErrorRateHigh, DiskUsageHigh]");
        assertEquals("FAIL", unhealthy.verdict());
        assertEquals("rules healthy: failing: DiskUsageHigh (vector contains metrics with the same labelset)",
                unhealthy.message());
        Observation obs = observe("alertsLoaded: [ErrorRateHigh, DiskUsageHigh]");
        assertEquals(List.of(true, false), obs.checks().stream().map(Observation.Check::passed).toList());
        assertEquals(List.of("ErrorRateHigh", "DiskUsageHigh"), ((Map<?, ?>) obs.get("rules")).get("alerts"));
        answer(get(urlPathEqualTo("/api/v1/rules")), 200, "{\"status\":\"success\",\"data\":{\"groups\":[]}}");
        Outcome none = verify("rulesHealthy: true");
        assertEquals("FAIL", none.verdict());
        assertTrue(none.message().contains("Prometheus has no rules loaded"), none.message());
    }

    @Test
    void firingAlertsFailUnlessAllowedAndPendingOnesDoNot() throws Exception {
        answer(get(urlPathEqualTo("/api/v1/alerts")), 200, """
            {"status":"success","data":{"alerts":[
              {"labels":{"alertname":"CpuUsageHigh","instance":"api-1:8443"},"state":"firing"},
              {"labels":{"alertname":"Watchdog"},"state":"firing"},
              {"labels":{"alertname":"ErrorRateHigh","instance":"api-2:8443"},"state":"pending"}]}}""");
        Outcome firing = verify("noAlertsFiring: true\nallowFiring: [Watchdog]");
        assertEquals("FAIL", firing.verdict());
        assertTrue(firing.message().contains("firing: CpuUsageHigh{instance=\"api-1:8443\"}"), firing.message());
        assertFalse(firing.message().contains("Watchdog"), firing.message());
        Outcome allowed = verify("noAlertsFiring: true\nallowFiring: [Watchdog, CpuUsageHigh]\n"
                + "expect: ['alerts.pending contains ErrorRateHigh']");
        assertEquals("PASS", allowed.verdict(), allowed.toString());
    }

    @Test
    void aTargetDownOrAJobWithoutTargetsFails() throws Exception {
        answer(get(urlPathEqualTo("/api/v1/targets")), 200, """
            {"status":"success","data":{"activeTargets":[
              {"labels":{"job":"backend","instance":"api-1:8443"},"health":"up","lastError":""},
              {"labels":{"job":"backend","instance":"api-2:8443"},"health":"down","lastError":"connection refused"},
              {"labels":{"job":"node","instance":"n1"},"health":"down","lastError":"timeout"}]}}""");
        Outcome down = verify("targetsUp: [backend, redis]");
        assertEquals("FAIL", down.verdict());
        assertTrue(down.message().contains("no active target for job redis"), down.message());
        assertTrue(down.message().contains("down: backend api-2:8443: connection refused"), down.message());
        Observation obs = observe("targetsUp: backend");
        assertEquals(Map.of("up", 1, "down", 1), obs.get("targets"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no query nor check   | url: http://p:9090                                                  | 1:1 a prometheus item needs 'query' or a check: alertsLoaded, rulesHealthy, noAlertsFiring or targetsUp
        step without range   | url: http://p:9090\\nquery: up\\nstep: 30s                           | 3:7 'step' goes with 'range' (a range query)
        zero range           | url: http://p:9090\\nquery: up\\nrange: 0s                           | 3:8 'range' must be longer than 0
        two auths            | url: http://p:9090\\nquery: up\\nbearerToken: x\\nbasicAuth: {username: a, password: b} | 4:12 'bearerToken' and 'basicAuth' exclude each other
        bad unit             | url: http://p:9090\\nquery: up\\nas: percent                         | 3:5 'as' must be number or duration (seconds), found 'percent'
        allowFiring alone    | url: http://p:9090\\nrulesHealthy: true\\nallowFiring: [A]            | 3:14 'allowFiring' goes with 'noAlertsFiring: true'
        misspelt key         | url: http://p:9090\\nquery: up\\nrnage: 5m                           | 3:1 unknown key 'rnage'
        basic without user   | url: http://p:9090\\nquery: up\\nbasicAuth: {password: b}            | 3:12 missing required field 'username'
        not a URL            | url: p:9090\\nquery: up                                              | 1:6 'url' must be an absolute http:// or https:// URL, found 'p:9090'
        """)
    void badParametersAreReportedAtTheirPlace(String name, String yaml, String problem) {
        List<String> problems = TestParams.problems(new PrometheusProbe(), yaml.replace("\\n", "\n"));
        assertEquals(problem, problems.isEmpty() ? "(none)" : problems.get(0), problems.toString());
    }
}
