package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.report.SampleRun;
import dev.deploycheck.run.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * verify's signing options (as VerifyCommand runs them after a run) and {@code report verify}, in-process. The run is
 * built directly: checklists cannot run end-to-end in this branch.
 */
class SignedReportCommandsTest {
    private static final String COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    @TempDir
    Path dir;
    private RunResult run;
    private String signErr;

    @BeforeEach
    void files() throws Exception {
        Path checklist = dir.resolve("checklist.yaml");
        Files.writeString(checklist, "items: []\n");
        RunResult s = SampleRun.failed();
        run = new RunResult(s.checklistName(), checklist, "local", null, s.startedAt(), s.duration(), s.items(), false, s.tool());
    }

    private Path sign(String type, String... extra) throws Exception {
        String prefix = dir.resolve(type).toString();
        CliRun.run("keygen", "--type", type, "--out", prefix).expect(0);
        Path envelope = dir.resolve(type + ".intoto.json");
        String[] args = new String[4 + extra.length];
        args[0] = "--sign-key";
        args[1] = prefix + ".key";
        args[2] = "--attestation";
        args[3] = envelope.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        SignOptions options = new SignOptions();
        new CommandLine(options).parseArgs(args);
        options.validate();
        StringWriter err = new StringWriter();
        options.write(run, new Cli(new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(), false));
        assertTrue(err.toString().contains("signed report: " + envelope + " (" + type + " key "), err.toString());
        signErr = err.toString();
        return envelope;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa-p256"})
    void aSignedReportVerifiesAndItsSummaryIsPrinted(String type) throws Exception {
        Path envelope = sign(type, "--subject", "backend@git:" + COMMIT);
        CliRun r = CliRun.run("report", "verify", envelope.toString(), "--key", dir.resolve(type + ".pub").toString()).expect(0);
        assertTrue(r.out().startsWith("signature: valid (" + type + " key "), r.out());
        assertTrue(r.out().contains("subject:   backend gitCommit:" + COMMIT + "\n"), r.out());
        assertTrue(r.out().contains("result:    FAILED\n"), r.out());
        assertTrue(r.out().contains("  ERROR db-connect: Database connectivity verified — connection refused: 127.0.0.1:5999 <&>\n"), r.out());
    }

    @Test
    void aChangedReportFailsWithOneLine() throws Exception {
        Path envelope = sign("ed25519");
        String json = Files.readString(envelope);
        String payload = json.replaceAll("(?s).*\"payload\" : \"([^\"]+)\".*", "$1");
        String decoded = new String(java.util.Base64.getDecoder().decode(payload));
        String forged = java.util.Base64.getEncoder().encodeToString(decoded.replace("\"FAILED\"", "\"PASSED\"").getBytes());
        Files.writeString(envelope, json.replace(payload, forged));
        CliRun r = CliRun.run("report", "verify", envelope.toString(), "--key", dir.resolve("ed25519.pub").toString()).expect(1);
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + envelope + ": signature verification FAILED: no signature verifies with key "), r.err());
    }

    @Test
    void anotherKeyFails() throws Exception {
        Path envelope = sign("ed25519");
        CliRun.run("keygen", "--out", dir.resolve("other").toString()).expect(0);
        CliRun.run("report", "verify", envelope.toString(), "--key", dir.resolve("other.pub").toString()).expect(1);
    }

    @Test
    void unreadableEnvelopeOrKeyIsExit2() throws Exception {
        Path envelope = sign("ed25519");
        String pub = dir.resolve("ed25519.pub").toString();
        CliRun missing = CliRun.run("report", "verify", dir.resolve("nope.json").toString(), "--key", pub).expect(2);
        assertEquals("error: cannot read envelope " + dir.resolve("nope.json") + ": no such file\n", missing.err());
        Files.writeString(dir.resolve("junk.json"), "not json");
        CliRun.run("report", "verify", dir.resolve("junk.json").toString(), "--key", pub).expect(2);
        CliRun privateAsPublic = CliRun.run("report", "verify", envelope.toString(), "--key", dir.resolve("ed25519.key").toString()).expect(2);
        assertTrue(privateAsPublic.err().contains("not a PEM public key"), privateAsPublic.err());
        CliRun.run("report", "verify", envelope.toString()).expect(2);
    }

    @Test
    void withoutASubjectItWarnsAndAttestsTheChecklist() throws Exception {
        Path envelope = sign("ed25519");
        assertTrue(signErr.startsWith("warning: no --subject and no item captured a 'commit': the attestation's subject is the checklist file"), signErr);
        CliRun r = CliRun.run("report", "verify", envelope.toString(), "--key", dir.resolve("ed25519.pub").toString()).expect(0);
        assertTrue(r.out().contains("subject:   " + dir.resolve("checklist.yaml") + " sha256:8b5d6fb301d0e4f15572d58d2eebb9cd06b648bdc2ec2d7e9c6a197825764474"),
                r.out());
    }

    @Test
    void badSigningOptionsAreCaughtBeforeTheRun() throws Exception {
        CliRun.run("keygen", "--out", dir.resolve("k").toString()).expect(0);
        SignOptions o = new SignOptions();
        new CommandLine(o).parseArgs("--sign-key", dir.resolve("k.key").toString(), "--subject", "v1.2");
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, o::validate);
        assertTrue(e.getMessage().startsWith("--subject v1.2: "), e.getMessage()); // the subject is at fault, not the key
        assertTrue(e.getMessage().contains("expected git:<sha>, sha256:<hex> or name@sha256:<hex>"), e.getMessage());
        SignOptions shortSha = new SignOptions();
        new CommandLine(shortSha).parseArgs("--sign-key", dir.resolve("k.key").toString(), "--subject", "git:abc");
        assertEquals("--subject git:abc: a git commit is 40 (or 64) hex digits, got 'abc'",
                org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, shortSha::validate).getMessage());
        SignOptions noKey = new SignOptions();
        new CommandLine(noKey).parseArgs("--subject", "git:" + COMMIT);
        assertEquals("--subject and --attestation need --sign-key",
                org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, noKey::validate).getMessage());
        SignOptions missingKey = new SignOptions();
        new CommandLine(missingKey).parseArgs("--sign-key", dir.resolve("none.key").toString());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, missingKey::validate).getMessage()
                .startsWith("cannot read key"));
    }

    @Test
    void verifySignsAfterTheRunAndReportVerifyAcceptsIt() throws Exception {
        // an empty checklist is the only one that runs end-to-end in this branch (no probe kinds yet)
        Path checklist = dir.resolve("empty/checklist.yaml");
        Files.createDirectories(checklist.getParent());
        Files.writeString(checklist, "version: 1\nsections: []\n");
        Files.writeString(dir.resolve("empty/local.yaml"), "name: local\n");
        CliRun.run("keygen", "--type", "ecdsa-p256", "--out", dir.resolve("ci").toString()).expect(0);
        Path envelope = dir.resolve("out/signed.intoto.json");
        Files.createDirectories(envelope.getParent());
        CliRun v = CliRun.run("verify", "-c", checklist.toString(), "-p", dir.resolve("empty/local.yaml").toString(),
                "--sign-key", dir.resolve("ci.key").toString(), "--subject", "git:" + COMMIT,
                "--attestation", envelope.toString()).expect(0);
        assertTrue(v.err().contains("signed report: " + envelope), v.err());
        CliRun r = CliRun.run("report", "verify", envelope.toString(), "--key", dir.resolve("ci.pub").toString()).expect(0);
        assertTrue(r.out().contains("result:    PASSED\n"), r.out());
        assertTrue(r.out().contains("gitCommit:" + COMMIT), r.out());
    }

    @Test
    void aBadSigningKeyStopsVerifyBeforeItRuns() throws Exception {
        Files.writeString(dir.resolve("bad.key"), "not a key");
        CliRun v = CliRun.run("verify", "-c", dir.resolve("checklist.yaml").toString(), "--sign-key", dir.resolve("bad.key").toString())
                .expect(2);
        assertTrue(v.err().startsWith("error: " + dir.resolve("bad.key") + ": not a PEM private key"), v.err());
        assertEquals("", v.out());
    }

    @Test
    void verifyOffersTheSigningOptions() {
        CliRun help = CliRun.run("verify", "--help").expect(0);
        assertTrue(help.out().contains("--sign-key=KEY") && help.out().contains("--subject=SUBJECT")
                && help.out().contains("--attestation=FILE"), help.out());
    }
}
