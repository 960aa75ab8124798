package dev.deploycheck.expect;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.probe.Observation;

/** One parsed condition such as {@code status == 200}; evaluates against an observation. (stub: being written) */
public final class Expectation {
    private final String text;
    private final Pos pos;

    private Expectation(String text, Pos pos) {
        this.text = text;
        this.pos = pos;
    }

    public static Expectation parse(String text, Pos pos) throws ExpectationSyntaxException {
        return new Expectation(text, pos);
    }

    public String text() {
        return text;
    }

    public Pos pos() {
        return pos;
    }

    public Outcome evaluate(Observation observation) {
        throw new UnsupportedOperationException("not yet");
    }
}
