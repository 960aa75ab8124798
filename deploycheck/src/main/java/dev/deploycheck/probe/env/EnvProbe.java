package dev.deploycheck.probe.env;

import dev.deploycheck.checklist.DidYouMean;
import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code probe: env} — the variables are present and non-empty, not template placeholders, strong enough
 * (length, estimated entropy: see {@link Entropy}) and in the expected format. Values come from the run's
 * environment (process env over the profile's env file). Evidence describes a value (length, bits, which rule
 * it broke) and never contains it; with {@code secret: true} the values are also registered for masking.
 */
public final class EnvProbe implements ProbeKind {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** The validated parameters of one item. */
    public record Spec(List<String> vars, boolean secret, int minLength, double minEntropyBits, String format,
            Pattern pattern, boolean notPlaceholder) {}

    @Override
    public String name() {
        return "env";
    }

    @Override
    public String summary() {
        return "environment variables: present, not placeholders, strong enough, well formed";
    }

    @Override
    public Set<String> keys() {
        return Set.of("vars", "secret", "minLength", "minEntropyBits", "format", "pattern", "notPlaceholder");
    }

    @Override
    public Set<String> facts() {
        return Set.of("missing", "placeholders", "weak", "invalid", "present");
    }

    @Override
    public Probe create(Params params) {
        if (!params.has("vars")) {
            params.string("vars"); // records "missing required field"
        }
        List<String> vars = params.strings("vars");
        if (params.has("vars") && vars.isEmpty()) {
            params.error("vars", "'vars' must name at least one variable");
        }
        for (String v : vars) {
            if (!NAME.matcher(v).matches() && !(params.validating() && Variables.hasRefs(v))) {
                params.error("vars", "'" + v + "' is not a variable name");
            }
        }
        int minLength = params.integer("minLength", 0);
        double minBits = params.number("minEntropyBits", 0);
        String format = params.optString("format").map(f -> f.trim().toLowerCase(Locale.ROOT)).orElse(null);
        if (format != null && !Formats.known(format)) {
            String hint = DidYouMean.suggest(format, Formats.NAMES).map(s -> " (did you mean '" + s + "'?)").orElse("");
            params.error("format", "unknown format '" + format + "'" + hint + "; known: " + Formats.NAMES);
            format = null;
        }
        Pattern pattern = null;
        Optional<String> regex = params.optString("pattern");
        if (regex.isPresent()) {
            try {
                pattern = Pattern.compile(regex.get());
            } catch (PatternSyntaxException e) {
                params.error("pattern", "'pattern' is not a valid regular expression: " + e.getDescription());
            }
        }
        Spec spec = new Spec(List.copyOf(vars), params.bool("secret", false), minLength, minBits, format, pattern,
                params.bool("notPlaceholder", true));
        return ctx -> run(spec, ctx);
    }

    static Observation run(Spec spec, ProbeContext ctx) {
        List<String> missing = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        List<String> weak = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        Observation obs = new Observation();
        for (String name : spec.vars()) {
            Optional<String> value = ctx.env().get(name);
            if (value.isEmpty() || value.get().isBlank()) {
                missing.add(name);
                obs.evidence(name + ": " + (value.isEmpty() ? "not set" : "empty"));
                continue;
            }
            String v = value.get();
            if (spec.secret()) {
                ctx.redactor().add(v);
            }
            List<String> notes = new ArrayList<>();
            double bits = Entropy.bits(v);
            notes.add(v.length() + " chars");
            if (spec.secret() || spec.minEntropyBits() > 0) {
                notes.add(String.format(Locale.ROOT, "~%d bits", Math.round(bits)));
            }
            if (ctx.env().fromFile().contains(name)) {
                notes.add("from env file");
            }
            Optional<String> placeholder = spec.notPlaceholder() ? Placeholders.match(name, v) : Optional.empty();
            if (placeholder.isPresent()) {
                placeholders.add(name);
                notes.add("placeholder (" + placeholder.get() + ")");
            }
            if (v.length() < spec.minLength() || bits < spec.minEntropyBits()) {
                weak.add(name);
                notes.add("weak (" + weakness(spec, v.length(), bits) + ")");
            }
            Optional<String> bad = spec.format() == null ? Optional.empty() : Formats.problem(spec.format(), v);
            if (bad.isEmpty() && spec.pattern() != null && !spec.pattern().matcher(v).matches()) {
                bad = Optional.of("does not match pattern " + spec.pattern().pattern());
            }
            if (bad.isPresent()) {
                invalid.add(name);
                notes.add("invalid: " + bad.get());
            } else if (spec.format() != null) {
                notes.add("valid " + spec.format());
            }
            obs.evidence(name + ": " + String.join(", ", notes));
        }
        obs.fact("missing", List.copyOf(missing));
        obs.fact("placeholders", List.copyOf(placeholders));
        obs.fact("weak", List.copyOf(weak));
        obs.fact("invalid", List.copyOf(invalid));
        obs.fact("present", spec.vars().size() - missing.size());
        obs.check("present", missing.isEmpty(), missing.isEmpty() ? "all " + spec.vars().size() + " set"
                : "missing or empty: " + String.join(", ", missing));
        if (spec.notPlaceholder()) {
            obs.check("not placeholder", placeholders.isEmpty(), placeholders.isEmpty() ? "no placeholder values"
                    : "placeholder values: " + String.join(", ", placeholders));
        }
        if (spec.minLength() > 0 || spec.minEntropyBits() > 0) {
            obs.check("strength", weak.isEmpty(), weak.isEmpty() ? "strong enough" : "weak: " + String.join(", ", weak));
        }
        if (spec.format() != null || spec.pattern() != null) {
            obs.check("format", invalid.isEmpty(), invalid.isEmpty() ? "well formed"
                    : "badly formed: " + String.join(", ", invalid));
        }
        return obs;
    }

    private static String weakness(Spec spec, int length, double bits) {
        List<String> why = new ArrayList<>();
        if (length < spec.minLength()) {
            why.add("shorter than " + spec.minLength());
        }
        if (bits < spec.minEntropyBits()) {
            why.add(String.format(Locale.ROOT, "below %.0f bits", spec.minEntropyBits()));
        }
        return String.join(", ", why);
    }
}
