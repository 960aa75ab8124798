package dev.deploycheck.probe.attestation;

import static dev.deploycheck.testing.DataProbeFixtures.check;
import static dev.deploycheck.testing.DataProbeFixtures.context;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.probe.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Attestation files: fresh, stale, expired, missing, unsigned, without evidence; YAML and JSON. */
class AttestationProbeTest {
    private static final AttestationProbe KIND = new AttestationProbe();

    @TempDir
    Path dir;

    private static String daysAgo(int days) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(days).toString();
    }

    private Observation attest(String body, String params) throws Exception {
        Files.createDirectories(dir.resolve("attestations"));
        Files.writeString(dir.resolve("attestations/dr-plan.yaml"), body);
        return run(KIND, "path: attestations/dr-plan.yaml\n" + params, context(dir, Duration.ofSeconds(5)));
    }

    private static String failed(Observation obs) {
        return obs.checks().stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void freshSignedAttestationPasses() throws Exception {
        Observation obs = attest("by: Dana Ops\nat: " + daysAgo(10)
                + "\nevidence: https://wiki.example.org/dr-plan\n", "maxAge: 90d");
        assertEquals("", failed(obs));
        assertEquals("Dana Ops", obs.get("by"));
        assertEquals("https://wiki.example.org/dr-plan", obs.get("evidence"));
        assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant(), obs.get("at"));
        Duration age = (Duration) obs.get("age");
        assertTrue(age.toDays() == 10, age.toString());
        assertEquals("confirmed by Dana Ops on " + daysAgo(10) + ", 10d ago (max 90d)", check(obs, "fresh").detail());
    }

    @Test
    void staleAttestationSaysWhoAndWhen() throws Exception {
        Observation obs = attest("by: Dana Ops\nat: " + daysAgo(120) + "\nevidence: ticket OPS-12\n", "maxAge: 90d");
        assertFalse(check(obs, "fresh").passed());
        assertEquals("stale: confirmed by Dana Ops on " + daysAgo(120) + ", 120d ago (max 90d); confirm it again",
                check(obs, "fresh").detail());
        assertTrue(check(obs, "signed").passed());
    }

    @Test
    void expiredAttestationFailsEvenWhenYoung() throws Exception {
        Observation obs = attest("by: Dana\nat: " + daysAgo(5) + "\nexpires: " + daysAgo(1) + "\nevidence: x\n", "");
        assertEquals("expired on " + daysAgo(1) + ": confirmed by Dana on " + daysAgo(5) + "; confirm it again",
                check(obs, "fresh").detail());
    }

    @Test
    void missingAttestationTellsWhatToRecord() throws Exception {
        Observation obs = run(KIND, "path: attestations/none.yaml", context(dir, Duration.ofSeconds(5)));
        assertEquals(false, obs.get("exists"));
        assertEquals("present: no attestation: record who confirmed it (by), when (at, an ISO date) and the evidence"
                + " in attestations/none.yaml", failed(obs));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no by          | 'at: 2026-01-01'                              | not signed off: no 'by' (who confirmed it)",
            "placeholder by | 'by: \"[Contact Information]\"\nat: 2026-01-01' | not signed off: 'by' is a placeholder: [Contact Information]",
            "TODO by        | 'by: TODO\nat: 2026-01-01'                     | not signed off: 'by' is a placeholder: TODO",
            "no at          | 'by: Dana'                                     | not signed off: no 'at' (when it was confirmed)",
            "bad at         | 'by: Dana\nat: last tuesday'                   | not signed off: 'at' is not an ISO date: last tuesday",
    })
    void unsignedAttestationFails(String title, String body, String detail) throws Exception {
        Observation obs = attest(body.replace("\\n", "\n"), "");
        assertFalse(check(obs, "signed").passed());
        assertEquals(detail + "; record who confirmed it (by), when (at, an ISO date) and the evidence in"
                + " attestations/dr-plan.yaml", check(obs, "signed").detail());
    }

    @Test
    void evidenceIsRequiredUnlessSwitchedOff() throws Exception {
        String body = "by: Dana\nat: " + daysAgo(1) + "\n";
        assertFalse(check(attest(body, ""), "evidence").passed());
        Observation relaxed = attest(body, "requireEvidence: false");
        assertEquals(null, check(relaxed, "evidence"));
        assertEquals("", failed(relaxed));
    }

    @Test
    void jsonWithDateTimes() throws Exception {
        Instant at = Instant.now().minus(Duration.ofHours(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.writeString(dir.resolve("review.json"), "{\"by\": \"Sam Auditor\", \"at\": \"" + at
                + "\", \"evidence\": \"https://example.org/r/1\"}");
        Observation obs = run(KIND, "path: review.json\nmaxAge: 1d", context(dir, Duration.ofSeconds(5)));
        assertEquals("", failed(obs));
        assertEquals(at, obs.get("at"));
    }

    @Test
    void futureDatesAndGarbageFail() throws Exception {
        Observation future = attest("by: Dana\nat: " + LocalDate.now(ZoneOffset.UTC).plusDays(30) + "\nevidence: x\n", "");
        assertTrue(check(future, "fresh").detail().startsWith("dated in the future"));
        Observation garbage = attest("- just\n- a list\n", "");
        assertEquals("present: attestations/dr-plan.yaml must be a mapping with by, at and evidence", failed(garbage));
        Observation broken = attest("by: [unclosed\n", "");
        assertTrue(failed(broken).startsWith("present: attestations/dr-plan.yaml is not valid YAML or JSON"));
    }

    @Test
    void validation() {
        assertEquals(List.of("1:1 missing required field 'path'"), problems(KIND, "maxAge: 30d"));
        assertEquals(List.of("2:9 'maxAge' must be a duration such as 500ms, 30s, 5m, found 'quarterly'"),
                problems(KIND, "path: a.yaml\nmaxAge: quarterly"));
    }
}
