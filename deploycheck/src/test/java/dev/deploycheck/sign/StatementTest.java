package dev.deploycheck.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.report.JsonReport;
import dev.deploycheck.report.SampleRun;
import dev.deploycheck.run.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementTest {
    static RunResult runWithFiles(Path dir) throws Exception {
        Path checklist = dir.resolve("checklist.yaml");
        Path profile = dir.resolve("profiles/prod.yaml");
        Files.createDirectories(profile.getParent());
        Files.writeString(checklist, "items: []\n");
        Files.writeString(profile, "name: prod\n");
        RunResult s = SampleRun.failed();
        return new RunResult(s.checklistName(), checklist, "prod", profile, s.startedAt(), s.duration(), s.items(), false, s.tool());
    }

    @Test
    void isAnInTotoTestResultStatementCarryingTheFullReport(@TempDir Path dir) throws Exception {
        RunResult run = runWithFiles(dir);
        Subject subject = Subject.parse("backend@git:4b825dc642cb6eb9a060e54bf8d69288fbee4904");
        JsonNode st = Statement.of(run, List.of(subject), "https://ci.example/run/7");
        assertEquals("https://in-toto.io/Statement/v1", st.get("_type").asText());
        assertEquals("https://in-toto.io/attestation/test-result/v0.1", st.get("predicateType").asText());
        assertEquals("{\"name\":\"backend\",\"digest\":{\"gitCommit\":\"4b825dc642cb6eb9a060e54bf8d69288fbee4904\"}}",
                st.get("subject").get(0).toString());
        JsonNode p = st.get("predicate");
        assertEquals("FAILED", p.get("result").asText());
        assertEquals("https://ci.example/run/7", p.get("url").asText());
        assertEquals("[\"env-database\"]", p.get("passedTests").toString());
        assertEquals("[\"headers-grade\"]", p.get("warnedTests").toString());
        assertEquals("[\"api-health\",\"db-connect\"]", p.get("failedTests").toString());
        // sha256sum of "items: []\n" and of "name: prod\n"
        assertEquals("8b5d6fb301d0e4f15572d58d2eebb9cd06b648bdc2ec2d7e9c6a197825764474",
                p.get("configuration").get(0).get("digest").get("sha256").asText());
        assertEquals("fcc295e1d438ffeb23ba75d043c699022ea4ef226b6b08d4fa313795cdf051a6",
                p.get("configuration").get(1).get("digest").get("sha256").asText());
        assertTrue(p.get("configuration").get(1).get("name").asText().endsWith("profiles/prod.yaml"));
        assertEquals(JsonReport.toJson(run), p.get("report"));
    }

    @Test
    void withoutASubjectTheChecklistIsTheSubject(@TempDir Path dir) throws Exception {
        RunResult run = runWithFiles(dir);
        JsonNode st = Statement.of(run, List.of(), null);
        assertEquals(st.get("predicate").get("configuration").get(0), st.get("subject").get(0));
        assertFalse(st.get("predicate").has("url"));
    }

    @Test
    void aSignedAttestationVerifiesAndSummarisesWhatItAttests(@TempDir Path dir) throws Exception {
        KeyPair pair = Keys.generate(Keys.Type.ECDSA_P256);
        Envelope e = Attestation.sign(runWithFiles(dir), List.of(Subject.parse("sha256:" + "c".repeat(64))), null, pair.getPrivate());
        assertEquals(Dsse.INTOTO_PAYLOAD_TYPE, e.payloadType());
        JsonNode payload = new ObjectMapper().readTree(e.payload());
        assertEquals("FAILED", payload.get("predicate").get("report").get("result").asText());
        VerifiedReport v = Attestation.verify(e.toJson(), pair.getPublic());
        assertTrue(v.valid());
        String summary = String.join("\n", v.summary());
        assertTrue(summary.contains("signature: valid (ecdsa-p256 key " + Keys.keyId(pair.getPublic()) + ")"), summary);
        assertTrue(summary.contains("subject:   sha256:" + "c".repeat(64) + " sha256:" + "c".repeat(64)), summary);
        assertTrue(summary.contains("result:    FAILED"), summary);
        assertTrue(summary.contains("items:     5 total, 1 passed, 1 failed, 1 warnings, 1 errors, 1 skipped"), summary);
        assertTrue(summary.contains("  FAIL api-health: Health checks passing — status (503) == 200"), summary);
        assertFalse(Attestation.verify(e.toJson(), Keys.generate(Keys.Type.ECDSA_P256).getPublic()).valid());
    }
}
