package dev.deploycheck.probe.attestation;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.checklist.TextFiles;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads one attestation file and judges it. */
final class AttestationRun {
    /** Template text that is not a name: "[Contact Information]", "TODO", "TBD", "n/a". */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("(?i)\\s*(\\[.*]|<.*>|todo|tbd|tba|xxx|changeme|n/?a|none|unknown|-+)\\s*");

    private final AttestationProbe.Spec spec;
    private final ProbeContext ctx;

    AttestationRun(AttestationProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    Observation run() throws Exception {
        Path file = ctx.resolve(spec.path());
        Observation obs = new Observation();
        String howTo = "record who confirmed it (by), when (at, an ISO date) and the evidence in " + spec.path();
        if (!Files.isRegularFile(file)) {
            obs.fact("exists", false);
            obs.check("present", false, "no attestation: " + howTo);
            return obs;
        }
        obs.fact("exists", true);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(
                    TextFiles.read(file, spec.path(), TextFiles.CONFIG_LIMIT));
        } catch (TextFiles.Unreadable e) {
            obs.check("present", false, e.getMessage());
            return obs;
        } catch (RuntimeException e) {
            obs.check("present", false, spec.path() + " is not valid YAML or JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return obs;
        }
        if (!(doc instanceof Map)) {
            obs.check("present", false, spec.path() + " must be a mapping with by, at and evidence");
            return obs;
        }
        obs.check("present", true, spec.path());
        Map<?, ?> m = (Map<?, ?>) doc;
        String by = text(m.get("by"));
        String evidence = text(m.get("evidence"));
        Instant at = null;
        Instant expires = null;
        String atProblem = null;
        try {
            at = instant(m.get("at"));
        } catch (DateTimeParseException e) {
            atProblem = "'at' is not an ISO date: " + m.get("at");
        }
        try {
            expires = instant(m.get("expires"));
        } catch (DateTimeParseException e) {
            obs.evidence("'expires' is not an ISO date: " + m.get("expires") + " (ignored)");
        }
        if (by != null) {
            obs.fact("by", by);
        }
        if (evidence != null) {
            obs.fact("evidence", evidence);
        }
        if (expires != null) {
            obs.fact("expires", expires);
        }
        boolean named = by != null && !PLACEHOLDER.matcher(by).matches();
        String missing = !named ? (by == null ? "no 'by' (who confirmed it)" : "'by' is a placeholder: " + by)
                : at == null ? (atProblem != null ? atProblem : "no 'at' (when it was confirmed)") : null;
        obs.check("signed", missing == null, missing == null ? "signed off by " + by + " on " + day(at)
                : "not signed off: " + missing + "; " + howTo);
        if (spec.requireEvidence()) {
            obs.check("evidence", evidence != null, evidence != null ? evidence
                    : "no 'evidence' (a link or a note showing how it was confirmed) in " + spec.path());
        }
        if (at != null) {
            Instant now = Instant.now();
            Duration age = Duration.between(at, now);
            obs.fact("at", at).fact("age", age);
            String who = (named ? by : "nobody") + " on " + day(at);
            String verdict;
            boolean fresh;
            if (at.isAfter(now.plus(Duration.ofDays(1)))) {
                fresh = false;
                verdict = "dated in the future: " + who;
            } else if (expires != null && !now.isBefore(expires)) {
                fresh = false;
                verdict = "expired on " + day(expires) + ": confirmed by " + who + "; confirm it again";
            } else if (age.compareTo(spec.maxAge()) > 0) {
                fresh = false;
                verdict = "stale: confirmed by " + who + ", " + Durations.format(age) + " ago (max "
                        + Durations.format(spec.maxAge()) + "); confirm it again";
            } else {
                fresh = true;
                verdict = "confirmed by " + who + ", " + Durations.format(age.isNegative() ? Duration.ZERO : age)
                        + " ago (max " + Durations.format(spec.maxAge()) + ")";
            }
            obs.check("fresh", fresh, verdict);
        } else {
            obs.check("fresh", false, "undated: no 'at' in " + spec.path());
        }
        return obs;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v.toString().strip();
        return s.isEmpty() ? null : s;
    }

    /** An ISO date (midnight UTC), date-time with offset, or instant; YAML's own timestamps arrive as Date. */
    static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Date) {
            return ((Date) v).toInstant();
        }
        String s = v.toString().strip();
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.parse(s);
        }
    }

    private static String day(Instant i) {
        return i.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
