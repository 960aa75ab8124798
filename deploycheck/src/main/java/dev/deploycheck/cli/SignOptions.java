package dev.deploycheck.cli;

import dev.deploycheck.run.RunResult;
import dev.deploycheck.sign.Attestation;
import dev.deploycheck.sign.Envelope;
import dev.deploycheck.sign.InvalidInputException;
import dev.deploycheck.sign.Keys;
import dev.deploycheck.sign.Subject;
import dev.deploycheck.sign.SubjectResolver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --sign-key KEY [--subject S]... [--attestation FILE]}: write the run's signed report after the run. */
public final class SignOptions {
    static final Path DEFAULT_FILE = Path.of("deploycheck-report.intoto.json");

    @Option(names = "--sign-key", paramLabel = "KEY",
            description = "Sign the report with this private key (PEM, from 'deploycheck keygen') into an in-toto attestation.")
    Path signKey;

    @Option(names = "--subject", paramLabel = "SUBJECT",
            description = "What was deployed: git:<sha>, sha256:<hex> or name@sha256:<hex> (repeatable). Default: the "
                    + "commit an item captured as 'commit' (the health item reads it from /api/health).")
    List<String> subjects = new ArrayList<>();

    @Option(names = "--attestation", paramLabel = "FILE",
            description = "Where to write the signed report (default: deploycheck-report.intoto.json).")
    Path attestation;

    /** The backend's health endpoint to read the deployed commit from when no --subject is given (null: none). */
    URI healthUrl;

    private PrivateKey key;

    /** Reads the key and checks the subjects before anything runs, so a typo costs no run (exit 2). */
    void validate() {
        if (signKey == null) {
            if (!subjects.isEmpty() || attestation != null) {
                throw new UsageException("--subject and --attestation need --sign-key");
            }
            return;
        }
        try {
            key = Keys.readPrivate(ReportFiles.read(signKey, "key"));
        } catch (InvalidInputException | IllegalArgumentException e) {
            throw new UsageException(signKey + ": " + e.getMessage());
        }
        for (String s : subjects) {
            try {
                Subject.parse(s);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--subject " + s + ": " + e.getMessage());
            }
        }
    }

    /** After the run: the signed report, or nothing without --sign-key. */
    void write(RunResult result, Cli cli) throws Exception {
        if (key == null) {
            return;
        }
        List<Subject> resolved = new ArrayList<>(new SubjectResolver().resolve(subjects, healthUrl));
        if (resolved.isEmpty()) {
            SubjectResolver.fromCaptures(result).ifPresent(resolved::add);
        }
        if (resolved.isEmpty()) {
            cli.err().println("warning: no --subject and no item captured a 'commit': the attestation's subject is the checklist file, not a deployment");
        }
        Envelope envelope = Attestation.sign(result, resolved, null, key);
        Path file = attestation == null ? DEFAULT_FILE : attestation;
        Files.writeString(file, envelope.toJson(), StandardCharsets.UTF_8);
        cli.err().println("signed report: " + file + " (" + Keys.describe(key) + " key " + envelope.signatures().get(0).keyid() + ")");
        cli.err().flush();
    }
}
