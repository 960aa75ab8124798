package dev.deploycheck.probe.attestation;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import java.time.Duration;
import java.util.Set;

/**
 * {@code probe: attestation}: a checklist line a machine cannot establish (a documented plan, a dated review) is
 * confirmed by a person in an attestation file ({@code by}, {@code at}, {@code evidence}, optional
 * {@code expires}, YAML or JSON). Built-in checks: the file is {@code present}, {@code signed} (by someone, on a
 * date), has {@code evidence}, and is {@code fresh} (not older than {@code maxAge}, not past {@code expires}).
 */
public final class AttestationProbe implements ProbeKind {
    static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);

    /** Which attestation, how old it may be, whether evidence is required. */
    record Spec(String path, Duration maxAge, boolean requireEvidence) {}

    @Override
    public String name() {
        return "attestation";
    }

    @Override
    public String summary() {
        return "A manual line confirmed in a file: who (by), when (at), evidence; missing, unsigned or stale fails";
    }

    @Override
    public Set<String> keys() {
        return Set.of("path", "maxAge", "requireEvidence");
    }

    @Override
    public Set<String> facts() {
        return Set.of("exists", "by", "at", "age", "evidence", "expires");
    }

    @Override
    public Probe create(Params params) {
        String path = params.string("path");
        Duration maxAge = params.duration("maxAge", DEFAULT_MAX_AGE);
        if (maxAge.isZero() || maxAge.isNegative()) {
            params.error("maxAge", "'maxAge' must be longer than zero");
        }
        boolean requireEvidence = params.bool("requireEvidence", true);
        Spec spec = new Spec(path, maxAge, requireEvidence);
        return ctx -> new AttestationRun(spec, ctx).run();
    }
}
