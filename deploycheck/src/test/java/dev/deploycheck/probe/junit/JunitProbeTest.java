package dev.deploycheck.probe.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.deploycheck.testing.DataProbeFixtures.context;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.TargetFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The junit probe on real Surefire reports (two copied from this project's own target/surefire-reports, one of
 * them with a failing test), on hand-written reports of other CI tools, on cut, malformed and hostile XML, and on a
 * report served by WireMock as a CI artifact.
 */
class JunitProbeTest {
    private static final JunitProbe KIND = new JunitProbe();
    private static final String PASSING = "TEST-dev.deploycheck.backend.auth.AuthFlowTest.xml";
    private static final String FAILING = "TEST-dev.deploycheck.expect.ExpectationBindTest.xml";
    static WireMockServer wm;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWireMock() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    private ProbeContext ctx() {
        return context(dir, Duration.ofSeconds(10));
    }

    private static byte[] fixture(String name) throws Exception {
        return JunitProbeTest.class.getResourceAsStream("/junit/surefire/" + name).readAllBytes();
    }

    private Path write(String name, byte[] bytes, Duration age) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
        return p;
    }

    private Path write(String name, String xml, Duration age) throws Exception {
        return write(name, xml.getBytes(StandardCharsets.UTF_8), age);
    }

    private static Observation.Check check(Observation obs, String name) {
        return obs.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private TargetFailure failure(String yaml) {
        return assertThrows(TargetFailure.class, () -> run(KIND, yaml, ctx()));
    }

    @Test
    void realSurefireReportsAddUpAndTheirAgeIsTheFilesMtime() throws Exception {
        write("backend/surefire-reports/" + PASSING, fixture(PASSING), Duration.ofHours(30));
        write("backend/surefire-reports/other.txt", "not a report", Duration.ZERO);
        Observation obs = run(KIND, "glob: backend/surefire-reports/TEST-*.xml", ctx());
        assertEquals(1, obs.get("files"));
        assertEquals(1, obs.get("suites"));
        assertEquals(14L, obs.get("tests"));
        assertEquals(14L, obs.get("passed"));
        assertEquals(0L, obs.get("failures"));
        assertEquals(0L, obs.get("errors"));
        assertEquals(0L, obs.get("skipped"));
        // Surefire writes no timestamp attribute: the run is as old as the file
        Duration age = (Duration) obs.get("age");
        assertTrue(age.compareTo(Duration.ofHours(30)) >= 0 && age.compareTo(Duration.ofHours(31)) < 0, age.toString());
        assertTrue(check(obs, "found").passed());
        assertTrue(check(obs, "passing").passed());
        assertEquals(4858, ((Duration) obs.get("duration")).toMillis(), "the suite's time=\"4.858\"");
    }

    @Test
    void aFailingSurefireReportFailsTheBuiltInCheckAndNamesTheTest() throws Exception {
        write("r/" + PASSING, fixture(PASSING), Duration.ofHours(1));
        write("r/" + FAILING, fixture(FAILING), Duration.ofHours(2));
        Observation obs = run(KIND, "glob: 'r/*.xml'", ctx());
        assertEquals(2, obs.get("files"));
        assertEquals(19L, obs.get("tests"));
        assertEquals(1L, obs.get("failures"));
        assertEquals(18L, obs.get("passed"));
        assertEquals(List.of("dev.deploycheck.expect.ExpectationBindTest.withoutVariablesBindReturnsTheSameExpectation"),
                obs.get("failed"));
        Observation.Check passing = check(obs, "passing");
        assertFalse(passing.passed());
        assertTrue(passing.detail().startsWith("1 failures, 0 errors: dev.deploycheck.expect.ExpectationBindTest"
                + ".withoutVariablesBindReturnsTheSameExpectation"), passing.detail());
        Duration age = (Duration) obs.get("age");
        assertTrue(age.compareTo(Duration.ofHours(2)) < 0, "the newest file decides: " + age);
    }

    @Test
    void testsuitesRootsNestedSuitesAndTimestampsOfOtherTools() throws Exception {
        // pytest/Jest style: aggregate attributes on the root and on a parent suite, which must not count twice
        Instant ran = Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        write("ci/junit.xml", "<?xml version=\"1.0\"?>\n"
                + "<testsuites tests=\"99\" failures=\"99\">\n"
                + "  <testsuite name=\"web\" tests=\"5\" failures=\"1\">\n"
                + "    <testsuite name=\"web.login\" tests=\"3\" timestamp=\"" + ran + "\" time=\"1.5\">\n"
                + "      <testcase classname=\"login\" name=\"ok\"/>\n"
                + "      <testcase classname=\"login\" name=\"flaky\"><flakyFailure message=\"once\"/></testcase>\n"
                + "      <testcase classname=\"login\" name=\"broken\"><failure message=\"boom\">trace</failure></testcase>\n"
                + "    </testsuite>\n"
                + "    <testsuite name=\"web.ws\" timestamp=\"2020-01-01T00:00:00\" time=\"0.5\">\n"
                + "      <testcase name=\"skippedOne\"><skipped/></testcase>\n"
                + "      <testcase name=\"crash\"><error type=\"x\"/></testcase>\n"
                + "    </testsuite>\n"
                + "  </testsuite>\n"
                + "  <testsuite name=\"summary only\" tests=\"7\" failures=\"0\" errors=\"0\" skipped=\"2\"/>\n"
                + "</testsuites>\n", Duration.ZERO);
        Observation obs = run(KIND, "glob: ci/junit.xml", ctx());
        assertEquals(3, obs.get("suites"));
        assertEquals(12L, obs.get("tests"), "3 + 2 cases counted, 7 declared by the summary");
        assertEquals(1L, obs.get("failures"), "a flakyFailure passed on rerun");
        assertEquals(1L, obs.get("errors"));
        assertEquals(3L, obs.get("skipped"));
        assertEquals(7L, obs.get("passed"));
        assertEquals(List.of("login.broken", "crash"), obs.get("failed"));
        assertEquals(ran, obs.get("newest"), "the newest timestamp wins over the file's mtime");
        assertEquals(2000, ((Duration) obs.get("duration")).toMillis());
    }

    @Test
    void aTruncatedReportFailsWithItsFileAndLine() throws Exception {
        byte[] real = fixture(PASSING);
        String text = new String(real, StandardCharsets.UTF_8);
        int cut = text.indexOf("<testcase", text.indexOf("<testcase") + 1) + 20; // inside the second testcase
        write("reports/" + PASSING, fixture(PASSING), Duration.ZERO);
        write("reports/TEST-cut.xml", text.substring(0, cut), Duration.ZERO);
        TargetFailure f = failure("glob: reports/*.xml");
        long lines = text.substring(0, cut).lines().count();
        assertTrue(f.getMessage().startsWith("reports/TEST-cut.xml:" + lines + ":"), f.getMessage());
        assertTrue(f.getMessage().contains("malformed XML: XML document structures must start and end within the same"
                + " entity"), f.getMessage());
        assertFalse(f.getMessage().contains("Exception"), f.getMessage());
        assertFalse(f.getMessage().contains("ParseError"), f.getMessage());
    }

    @Test
    void malformedEmptyAndForeignDocumentsFailWithFileAndLine() throws Exception {
        write("a/TEST-x.xml", "<testsuite tests=\"1\">\n  <testcase name=\"a\">\n  </testsuite>\n", Duration.ZERO);
        assertTrue(failure("glob: a/*.xml").getMessage().startsWith("a/TEST-x.xml:3:"), "mismatched end tag");
        write("b/TEST-empty.xml", "", Duration.ZERO);
        assertTrue(failure("glob: b/*.xml").getMessage().startsWith("b/TEST-empty.xml:1:1: malformed XML:"));
        write("c/report.xml", "<html><body>503 Service Unavailable</body></html>", Duration.ZERO);
        assertEquals("c/report.xml:1:7: not a JUnit report: the root element is <html>, not <testsuite> or"
                + " <testsuites>", failure("glob: c/*.xml").getMessage());
        write("d/r.xml", "<testsuite tests=\"many\"/>", Duration.ZERO);
        assertTrue(failure("glob: d/*.xml").getMessage().endsWith("testsuite tests=\"many\" is not a count"));
        write("e/r.xml", "<testsuite timestamp=\"yesterday\"><testcase name=\"t\"/></testsuite>", Duration.ZERO);
        assertTrue(failure("glob: e/*.xml").getMessage().endsWith("timestamp=\"yesterday\" is not an ISO date-time"));
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        Path secret = write("secret.txt", "TOP-SECRET-CONTENT", Duration.ZERO);
        write("x/TEST-xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [\n  <!ENTITY leak SYSTEM \"file://"
                + secret + "\">\n]>\n<testsuite tests=\"1\"><testcase name=\"&leak;\"><failure message=\"&leak;\"/>"
                + "</testcase></testsuite>\n", Duration.ZERO);
        TargetFailure f = failure("glob: x/*.xml");
        assertEquals("x/TEST-xxe.xml:4:4: a DOCTYPE is not allowed in a JUnit report (DTDs and entities are refused)",
                f.getMessage());
        // an external DTD on a server is never fetched
        wm.resetRequests();
        write("y/TEST-dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite SYSTEM \"" + wm.baseUrl()
                + "/evil.dtd\">\n<testsuite tests=\"1\"/>\n", Duration.ZERO);
        assertTrue(failure("glob: y/*.xml").getMessage().contains("a DOCTYPE is not allowed"));
        assertEquals(0, wm.findAll(anyRequestedFor(anyUrl())).size(), "the DTD was fetched");
        // an undeclared entity is refused too, not expanded to nothing
        write("z/TEST-ent.xml", "<testsuite><testcase name=\"&lol;\"/></testsuite>", Duration.ZERO);
        assertTrue(failure("glob: z/*.xml").getMessage().startsWith("z/TEST-ent.xml:1:"));
    }

    @Test
    void predefinedAndCharacterEntitiesAreOrdinaryText() throws Exception {
        write("ent/TEST-ok.xml", "<testsuite><testcase classname=\"a&amp;b\" name=\"x&#65;\"><failure>1 &lt; 2 &amp;"
                + " &#x42;</failure><system-out>x &gt; y</system-out></testcase></testsuite>", Duration.ZERO);
        Observation obs = run(KIND, "glob: ent/*.xml", ctx());
        assertEquals(1L, obs.get("failures"));
        assertEquals(List.of("a&b.xA"), obs.get("failed"));
    }

    @Test
    void anEntityBombIsRefusedQuickly() throws Exception {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            b.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        b.append("]>\n<testsuite name=\"&lol9;\"/>\n");
        write("bomb/TEST-b.xml", b.toString(), Duration.ZERO);
        long start = System.nanoTime();
        assertTrue(failure("glob: bomb/*.xml").getMessage().contains("a DOCTYPE is not allowed"));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "took too long");
    }

    @Test
    void deepNestingIsBounded() throws Exception {
        String open = "<testsuite>".repeat(JunitXml.MAX_DEPTH + 5);
        write("deep/r.xml", "<testsuites>" + open, Duration.ZERO);
        assertTrue(failure("glob: deep/r.xml").getMessage().endsWith("elements nest deeper than 64 levels"));
    }

    @Test
    void noReportsOrNoTestsFailTheFoundCheck() throws Exception {
        Observation none = run(KIND, "glob: 'missing/**/TEST-*.xml'", ctx());
        assertEquals(0, none.get("files"));
        assertEquals(0L, none.get("tests"));
        Observation.Check found = check(none, "found");
        assertFalse(found.passed());
        assertEquals("no JUnit report: nothing matches missing/**/TEST-*.xml", found.detail());
        assertEquals("no JUnit report matches missing/**/TEST-*.xml", none.unavailable("age"));
        write("zero/r.xml", "<testsuites/>", Duration.ZERO);
        Observation zero = run(KIND, "glob: zero/r.xml", ctx());
        assertEquals("the reports hold no test: zero/r.xml", check(zero, "found").detail());
        assertFalse(check(zero, "found").passed());
    }

    @Test
    void theCommitComesFromAPropertyOrASidecarFile() throws Exception {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        String withCommit = "<testsuite><properties><property name=\"git.commit\" value=\"" + sha + "\"/>"
                + "<property name=\"java.version\" value=\"17\"/></properties><testcase name=\"t\"/></testsuite>";
        write("p/TEST-a.xml", withCommit, Duration.ZERO);
        write("p/TEST-b.xml", withCommit, Duration.ZERO);
        assertEquals(sha, run(KIND, "glob: p/*.xml", ctx()).get("commit"));
        // another property name (a CI's own)
        write("q/r.xml", withCommit.replace("git.commit", "CI_COMMIT_SHA"), Duration.ZERO);
        assertEquals(sha, run(KIND, "glob: q/r.xml\ncommitProperty: CI_COMMIT_SHA", ctx()).get("commit"));
        Observation unnamed = run(KIND, "glob: q/r.xml", ctx());
        assertNull(unnamed.get("commit"));
        assertEquals("no commit recorded: no git.commit property in the reports and no commitFile",
                unnamed.unavailable("commit"));
        // two commits: no single answer
        write("p/TEST-c.xml", withCommit.replace(sha, "feedface"), Duration.ZERO);
        Observation mixed = run(KIND, "glob: p/*.xml", ctx());
        assertNull(mixed.get("commit"));
        assertEquals("the reports come from 2 commits: " + sha + ", feedface", mixed.unavailable("commit"));
        // the sidecar a deploy writes beside the reports
        write("release/test-reports/TEST-" + PASSING, fixture(PASSING), Duration.ZERO);
        write("release/test-reports/commit", sha + "\n", Duration.ZERO);
        Observation sidecar = run(KIND, "glob: 'release/test-reports/**.xml'\ncommitFile: release/test-reports/commit",
                ctx());
        assertEquals(sha, sidecar.get("commit"));
        assertTrue(sidecar.evidence().contains("commit " + sha + " (from release/test-reports/commit)"),
                sidecar.evidence().toString());
        assertEquals("commit file gone does not exist",
                run(KIND, "glob: 'release/test-reports/*.xml'\ncommitFile: gone", ctx()).unavailable("commit"));
    }

    @Test
    void aReportFromAUrlWithAnAuthHeader() throws Exception {
        String token = "ci-token-5f1d2c9a";
        wm.stubFor(get(urlPathEqualTo("/artifacts/junit.xml")).atPriority(5)
                .willReturn(aResponse().withStatus(401).withBody("login first")));
        wm.stubFor(get(urlPathEqualTo("/artifacts/junit.xml")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withHeader("Content-Type", "application/xml")
                        .withHeader("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")
                        .withBody(fixture(FAILING))));
        Redactor redactor = new Redactor();
        redactor.add(token);
        ProbeContext ctx = context(dir, Duration.ofSeconds(10), Map.of("CI_TOKEN", token), redactor);
        String yaml = "url: " + wm.baseUrl() + "/artifacts/junit.xml\nheaders: {Authorization: \"Bearer ${env.CI_TOKEN}\"}";
        Observation obs = run(KIND, yaml, ctx);
        assertEquals(1, obs.get("files"));
        assertEquals(5L, obs.get("tests"));
        assertEquals(1L, obs.get("failures"));
        assertEquals(Instant.parse("2015-10-21T07:28:00Z"), obs.get("newest"), "no timestamp: Last-Modified");
        assertFalse(String.join("\n", obs.evidence()).contains(token), obs.evidence().toString());

        TargetFailure unauthorized = assertThrows(TargetFailure.class,
                () -> run(KIND, "url: " + wm.baseUrl() + "/artifacts/junit.xml", ctx()));
        assertEquals("GET " + wm.baseUrl() + "/artifacts/junit.xml answered HTTP 401, not a report",
                unauthorized.getMessage());

        wm.stubFor(get(urlPathEqualTo("/artifacts/cut.xml")).willReturn(aResponse()
                .withBody("<testsuite tests=\"2\">\n<testcase name=\"a\"/>\n<testca")));
        TargetFailure cut = assertThrows(TargetFailure.class,
                () -> run(KIND, "url: " + wm.baseUrl() + "/artifacts/cut.xml", ctx()));
        assertTrue(cut.getMessage().startsWith(wm.baseUrl() + "/artifacts/cut.xml:3:"), cut.getMessage());

        wm.stubFor(get(urlPathEqualTo("/artifacts/plain.xml")).willReturn(aResponse().withBody("<testsuite tests=\"3\"/>")));
        Observation plain = run(KIND, "url: " + wm.baseUrl() + "/artifacts/plain.xml", ctx());
        assertEquals(3L, plain.get("tests"));
        assertEquals("no timestamp attribute in the report and no Last-Modified header", plain.unavailable("age"));
    }

    @Test
    void throughTheCliACutReportIsAFailNamingFileAndLineAndAGoodOneAPass() throws Exception {
        String text = new String(fixture(PASSING), StandardCharsets.UTF_8);
        write("good/" + PASSING, fixture(PASSING), Duration.ofHours(1));
        write("cut/" + PASSING, text.substring(0, text.length() / 2), Duration.ofHours(1));
        Files.writeString(dir.resolve("c.yaml"), "version: 1\nsections:\n  - name: Tests\n    items:\n"
                + "      - id: tests-good\n        title: good\n        probe: junit\n        glob: good/TEST-*.xml\n"
                + "        expect: [tests >= 14, failures == 0, age < 7d]\n"
                + "      - id: tests-cut\n        title: cut\n        probe: junit\n        glob: cut/TEST-*.xml\n"
                + "        expect: [tests >= 1]\n");
        Files.writeString(dir.resolve("p.yaml"), "name: p\n");
        dev.deploycheck.testing.CliRun r = dev.deploycheck.testing.CliRun.of(Map.of(), "verify", "--checklist",
                dir.resolve("c.yaml").toString(), "--profile", dir.resolve("p.yaml").toString(), "-f", "console");
        assertEquals(1, r.exitCode(), r.describe());
        long line = text.substring(0, text.length() / 2).lines().count();
        assertTrue(r.out().matches("(?s).*PASS\\s+tests-good.*"), r.describe());
        assertTrue(r.out().matches("(?s).*FAIL\\s+tests-cut.*cut/" + PASSING.replace(".", "\\.") + ":" + line
                + ":\\d+: malformed XML: .*"), r.describe());
        assertFalse(r.out().contains("Exception") || r.err().contains("Exception"), r.describe());
    }

    @Test
    void validationPointsAtTheParameter() {
        assertEquals(List.of("1:1 a junit item needs 'glob' (report files) or 'url' (a CI artifact)"),
                problems(KIND, "commitProperty: git.commit"));
        assertEquals(List.of("2:6 use either 'glob' or 'url', not both"),
                problems(KIND, "glob: a/*.xml\nurl: https://ci.example.org/junit.xml"));
        assertEquals(List.of("2:10 'headers' applies to a report fetched from 'url'; this item reads files"),
                problems(KIND, "glob: a/*.xml\nheaders: {Authorization: x}"));
        assertEquals(List.of("1:6 'url' must be an absolute http:// or https:// URL, found 'ftp://ci/junit.xml'"),
                problems(KIND, "url: ftp://ci/junit.xml"));
        assertEquals(List.of("2:1 unknown key 'commitfile'"), problems(KIND, "glob: a\ncommitfile: c").stream()
                .map(s -> s.replaceAll(" \\(.*", "")).toList());
        assertEquals(List.of(), problems(KIND, "url: ${vars.ci}/junit.xml\nheaders: {Authorization: \"${secret.T}\"}"));
    }
}
