package dev.deploycheck.expect;

import dev.deploycheck.probe.Observation;
import java.util.Optional;

/** A path into an observation's facts: {@code status}, {@code header.Content-Type}, {@code json.user.roles[0]}. (stub) */
public final class FactPath {
    private final String text;

    private FactPath(String text) {
        this.text = text;
    }

    public static FactPath parse(String text) throws ExpectationSyntaxException {
        return new FactPath(text);
    }

    public String text() {
        return text;
    }

    /** The value at this path, or empty when the path does not exist in the observation. */
    public Optional<Object> resolve(Observation observation) {
        throw new UnsupportedOperationException("not yet");
    }
}
