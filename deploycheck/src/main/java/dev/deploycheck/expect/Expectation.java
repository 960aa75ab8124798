package dev.deploycheck.expect;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.probe.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One expectation as written in a checklist: a {@link Condition} such as {@code status == 200}, or conditions
 * joined with {@code and} and {@code or} (and binds tighter; parentheses group):
 * {@code cert.keyType == "RSA" and cert.keySize >= 2048 or cert.keyType == "EC" and cert.keySize >= 256}.
 * Every condition is evaluated, so a failure shows the actual value of each operand. Evaluating never throws.
 */
public final class Expectation {
    private final String text;
    private final Pos pos;
    private final Expr root;

    /** The tree: a condition, or all / any of its parts. */
    private sealed interface Expr permits Leaf, All, Any {}

    private record Leaf(Condition condition, int offset) implements Expr {}

    private record All(List<Expr> parts) implements Expr {}

    private record Any(List<Expr> parts) implements Expr {}

    private Expectation(String text, Pos pos, Expr root) {
        this.text = text;
        this.pos = pos;
        this.root = root;
    }

    /**
     * Parses an expectation. The exception's offset and width are into {@code text}, so the caller can point at
     * {@code pos.shift(offset)}.
     */
    public static Expectation parse(String text, Pos pos) throws ExpectationSyntaxException {
        Scanner s = new Scanner(text == null ? "" : text, 0);
        s.skipSpace();
        if (s.atEnd()) {
            throw s.error("empty expectation", 0, 1, "e.g. status == 200");
        }
        Expr root = or(s, pos);
        s.skipSpace();
        if (!s.atEnd()) {
            throw s.peek() == ')' ? s.error("unbalanced ')'", s.at, 1, null)
                    : s.error("unexpected '" + s.rest() + "'", s.at, s.rest().length(), "join conditions with 'and' or 'or'");
        }
        return new Expectation(s.text, pos, root);
    }

    private static Expr or(Scanner s, Pos pos) throws ExpectationSyntaxException {
        List<Expr> parts = new ArrayList<>(List.of(and(s, pos)));
        while (keyword(s, "or")) {
            parts.add(and(s, pos));
        }
        return parts.size() == 1 ? parts.get(0) : new Any(parts);
    }

    private static Expr and(Scanner s, Pos pos) throws ExpectationSyntaxException {
        List<Expr> parts = new ArrayList<>(List.of(operand(s, pos)));
        while (keyword(s, "and")) {
            parts.add(operand(s, pos));
        }
        return parts.size() == 1 ? parts.get(0) : new All(parts);
    }

    private static Expr operand(Scanner s, Pos pos) throws ExpectationSyntaxException {
        s.skipSpace();
        if (s.peek() == '(') {
            int open = s.at++;
            Expr inner = or(s, pos);
            s.skipSpace();
            if (s.peek() != ')') {
                throw s.error("unclosed '('", open, 1, "add ')' after the last condition of the group");
            }
            s.at++;
            return inner;
        }
        int offset = s.at;
        return new Leaf(Condition.parse(s, pos), offset);
    }

    private static boolean keyword(Scanner s, String word) {
        s.skipSpace();
        if (Condition.keywordAt(s, word)) {
            s.at += word.length();
            return true;
        }
        return false;
    }

    public String text() {
        return text;
    }

    public Pos pos() {
        return pos;
    }

    /** The first condition's path (for an expectation of one condition, its only one). */
    public FactPath path() {
        return leaves().get(0).condition().path();
    }

    /** Where each condition starts in {@link #text()}: the loader checks each one's fact against the kind. */
    public List<Integer> conditionOffsets() {
        return leaves().stream().map(Leaf::offset).toList();
    }

    private List<Leaf> leaves() {
        List<Leaf> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Expr e, List<Leaf> out) {
        if (e instanceof Leaf l) {
            out.add(l);
        } else {
            (e instanceof All a ? a.parts() : ((Any) e).parts()).forEach(p -> collect(p, out));
        }
    }

    /**
     * This expectation with the {@code ${...}} references in its literals expanded by {@code resolve} (for
     * captures only known at run time: {@code json.user.email == "${smoke.email}"}). An unquoted
     * {@code ${vars.limit}} is typed after expansion: a number, a duration or a word.
     */
    public Expectation bind(UnaryOperator<String> resolve) {
        Expr bound = bind(root, resolve);
        return bound == root ? this : new Expectation(text, pos, bound);
    }

    /** The same object when nothing in it refers to a variable. */
    private static Expr bind(Expr e, UnaryOperator<String> resolve) {
        if (e instanceof Leaf l) {
            Condition c = l.condition().bind(resolve);
            return c == l.condition() ? l : new Leaf(c, l.offset());
        }
        List<Expr> original = e instanceof All a ? a.parts() : ((Any) e).parts();
        List<Expr> parts = new ArrayList<>();
        boolean changed = false;
        for (Expr p : original) {
            Expr b = bind(p, resolve);
            changed |= b != p;
            parts.add(b);
        }
        return !changed ? e : e instanceof All ? new All(parts) : new Any(parts);
    }

    /** Evaluates against the observation; never throws. */
    public Outcome evaluate(Observation observation) {
        return evaluate(observation, UnaryOperator.identity());
    }

    /**
     * Evaluates against the observation, showing actual values through {@code mask} (the run's secret masking)
     * before they are cut to display length; never throws.
     */
    public Outcome evaluate(Observation observation, UnaryOperator<String> mask) {
        Outcome o = evaluate(root, observation, mask, false);
        return new Outcome(text, o.passed(), o.message());
    }

    private static Outcome evaluate(Expr e, Observation obs, UnaryOperator<String> mask, boolean nested) {
        if (e instanceof Leaf l) {
            return l.condition().evaluate(obs, mask);
        }
        boolean all = e instanceof All;
        List<Expr> parts = all ? ((All) e).parts() : ((Any) e).parts();
        boolean passed = all;
        List<String> messages = new ArrayList<>();
        for (Expr p : parts) {
            Outcome o = evaluate(p, obs, mask, true);
            passed = all ? passed && o.passed() : passed || o.passed();
            messages.add(o.message());
        }
        String joined = String.join(all ? " and " : " or ", messages);
        return new Outcome("", passed, nested ? "(" + joined + ")" : joined);
    }

    @Override
    public String toString() {
        return text;
    }
}
