package dev.deploycheck.expect;

import dev.deploycheck.checklist.DidYouMean;
import dev.deploycheck.checklist.Pos;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Reasons;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition such as {@code status == 200} or {@code header.Strict-Transport-Security contains "max-age"}: a
 * path, an operator and a typed literal; {@link Expectation} combines them with {@code and}, {@code or} and
 * parentheses. Evaluating it never throws; a failed outcome states the actual value, Gatus style:
 * {@code status (503) == 200}. The language is described in docs/expectations.md.
 */
final class Condition {
    private final String text;
    private final Pos pos;
    private final FactPath path;
    private final Operator op;
    private final boolean negated;
    private final Literal literal;
    private final Pattern regex;

    private Condition(String text, Pos pos, FactPath path, Operator op, boolean negated, Literal literal,
            Pattern regex) {
        this.text = text;
        this.pos = pos;
        this.path = path;
        this.op = op;
        this.negated = negated;
        this.literal = literal;
        this.regex = regex;
    }

    /**
     * Parses {@code PATH OP LITERAL}, {@code PATH exists} or {@code PATH not exists}. The exception's offset and
     * width are into {@code text}, so the caller can point at {@code pos.shift(offset)}.
     */
    static Condition parse(Scanner s, Pos pos) throws ExpectationSyntaxException {
        s.skipSpace();
        int start = s.at;
        if (atBoundary(s)) {
            throw s.error("missing condition", s.at, 1, "e.g. status == 200");
        }
        FactPath path = FactPath.parse(s, false);
        s.skipSpace();
        boolean negated = false;
        Operator op;
        int opStart = s.at;
        if (atBoundary(s)) {
            throw s.error("missing operator after '" + path.text() + "'", s.at, 1,
                    "e.g. " + path.text() + " == 200 or " + path.text() + " exists");
        }
        if (s.peek() == '!' && Character.isLetter(s.peek(1))) {
            s.at++;
            negated = true;
            op = wordOperator(s, true);
        } else if ("=!<>~".indexOf(s.peek()) >= 0) {
            op = symbolOperator(s);
        } else if (Character.isLetter(s.peek())) {
            int wordStart = s.at;
            String word = word(s);
            if (word.equalsIgnoreCase("not")) {
                negated = true;
                s.skipSpace();
                op = wordOperator(s, true);
            } else {
                s.at = wordStart;
                op = wordOperator(s, false);
            }
        } else {
            String found = s.rest().split("\\s+")[0];
            throw s.error("expected an operator, found '" + found + "'", opStart, found.length(), Operator.all());
        }
        String opText = (negated ? "not " : "") + op.symbol();
        if (op == Operator.EXISTS) {
            s.skipSpace();
            if (!atBoundary(s)) {
                throw s.error("'" + opText + "' takes no value", s.at, s.rest().length(), null);
            }
            return new Condition(slice(s, start), pos, path, op, negated, null, null);
        }
        s.skipSpace();
        if (atBoundary(s)) {
            throw s.error("missing value after '" + opText + "'", s.at, 1,
                    "e.g. 200, \"text\", 500ms, TLSv1.2 or [200, 204]");
        }
        int litStart = s.at;
        Literal literal = Literal.parse(s);
        int litWidth = s.at - litStart;
        checkFits(s, op, opText, literal, litStart, litWidth);
        s.skipSpace();
        if (!atBoundary(s)) {
            String rest = s.rest();
            if (rest.startsWith("]")) {
                throw s.error("unbalanced ']'", s.at, 1, null);
            }
            String hint = literal instanceof Literal.Str && !((Literal.Str) literal).quoted()
                    ? "quote strings: " + Values.quote(s.text.substring(litStart).strip())
                    : rest.startsWith("&&") ? "write 'and'" : rest.startsWith("||") ? "write 'or'"
                    : "join conditions with 'and' or 'or'";
            throw s.error("unexpected '" + rest + "' after the value", s.at, rest.length(), hint);
        }
        Pattern regex = op == Operator.MATCHES ? regex(s, literal, litStart, litWidth) : null;
        return new Condition(slice(s, start), pos, path, op, negated, literal, regex);
    }

    /** The end of a condition: the text's end, a closing parenthesis, or the word {@code and} / {@code or}. */
    static boolean atBoundary(Scanner s) {
        return s.atEnd() || s.peek() == ')' || keywordAt(s, "and") || keywordAt(s, "or");
    }

    static boolean keywordAt(Scanner s, String word) {
        if (!s.text.startsWith(word, s.at) || (s.at > 0 && !Character.isWhitespace(s.text.charAt(s.at - 1))
                && s.text.charAt(s.at - 1) != ')')) {
            return false;
        }
        char after = s.peek(word.length());
        return after == '\0' || Character.isWhitespace(after) || after == '(';
    }

    private static String slice(Scanner s, int start) {
        return s.text.substring(start, s.at).strip();
    }

    private static String word(Scanner s) {
        int start = s.at;
        while (Character.isLetterOrDigit(s.peek()) || s.peek() == '_' || s.peek() == '-') {
            s.at++;
        }
        return s.text.substring(start, s.at);
    }

    private static Operator wordOperator(Scanner s, boolean afterNot) throws ExpectationSyntaxException {
        int start = s.at;
        if (s.atEnd()) {
            throw s.error("missing operator after 'not'", start, 1, "not goes before " + Operator.negatableList());
        }
        if (!Character.isLetter(s.peek())) {
            String found = s.rest().split("\\s+")[0];
            throw s.error("'not' goes before " + Operator.negatableList() + ", not '" + found + "'", start,
                    found.length(), found.equals("==") ? "use '!='" : null);
        }
        String w = word(s);
        Optional<Operator> op = Operator.of(w);
        if (op.isPresent() && !op.get().symbolic()) {
            if (afterNot && !op.get().negatable()) {
                throw s.error("'not' cannot negate '" + w + "'", start, w.length(), null);
            }
            return op.get();
        }
        String hint = DidYouMean.suggest(w, Operator.symbols()).map(m -> "did you mean '" + m + "'?")
                .orElse(Operator.all());
        throw s.error("unknown operator '" + w + "'", start, w.length(), hint);
    }

    private static Operator symbolOperator(Scanner s) throws ExpectationSyntaxException {
        int start = s.at;
        while ("=!<>~".indexOf(s.peek()) >= 0) {
            s.at++;
        }
        String sym = s.text.substring(start, s.at);
        Optional<Operator> op = Operator.of(sym);
        if (op.isPresent()) {
            return op.get();
        }
        String meant = Operator.ALIASES.get(sym);
        String hint = meant != null ? "did you mean '" + meant + "'?"
                : DidYouMean.suggest(sym, Operator.symbols()).map(m -> "did you mean '" + m + "'?")
                        .orElse(Operator.all());
        throw s.error("unknown operator '" + sym + "'", start, sym.length(), hint);
    }

    /** Rejects literals that can never fit the operator, so the mistake shows up when the checklist loads. */
    private static void checkFits(Scanner s, Operator op, String opText, Literal lit, int at, int width)
            throws ExpectationSyntaxException {
        boolean list = lit instanceof Literal.Many;
        if (op == Operator.IN && !list) {
            throw s.error("'" + opText + "' needs a list", at, width, "write [" + lit.display() + ", ...]");
        }
        if ((op.ordering() || op == Operator.STARTS_WITH || op == Operator.ENDS_WITH || op == Operator.MATCHES)
                && (list || lit instanceof Literal.Null)) {
            throw s.error("'" + opText + "' needs a single value, not " + Values.typeName(lit), at, width, null);
        }
        if (op == Operator.CONTAINS && lit instanceof Literal.Null) {
            throw s.error("'" + opText + "' needs a value, not null", at, width, "use 'not exists' or '== null'");
        }
        if (op == Operator.MATCHES && !(lit instanceof Literal.Str || lit instanceof Literal.Var)) {
            throw s.error("'" + opText + "' needs a regex string", at, width, "quote strings: \"^v\\d+$\"");
        }
    }

    private static Pattern regex(Scanner s, Literal lit, int at, int width) throws ExpectationSyntaxException {
        if (lit instanceof Literal.Var || lit.text().contains("${")) {
            return null; // compiled once its variables are bound
        }
        try {
            return Pattern.compile(lit.text());
        } catch (PatternSyntaxException e) {
            throw s.error("bad regex: " + e.getDescription(), at, width, "see java.util.regex.Pattern");
        }
    }

    String text() {
        return text;
    }

    Pos pos() {
        return pos;
    }

    FactPath path() {
        return path;
    }

    /**
     * This expectation with the {@code ${...}} references in its literal expanded by {@code resolve} (for
     * captures only known at run time: {@code json.user.email == "${smoke.email}"}). Returns this when there
     * are none. An unquoted {@code ${vars.limit}} is typed after expansion: a number, a duration or a word.
     */
    Condition bind(UnaryOperator<String> resolve) {
        if (literal == null || !literal.display().contains("${")) {
            return this;
        }
        return new Condition(text, pos, path, op, negated, literal.bind(resolve), regex);
    }

    /**
     * Evaluates against the observation, showing actual values through {@code mask} (the run's secret masking)
     * before they are cut to display length; never throws.
     */
    Outcome evaluate(Observation observation, UnaryOperator<String> mask) {
        String opText = (negated ? "not " : "") + op.symbol();
        String lit = literal == null ? "" : " " + literal.display();
        String unavailable = observation.unavailable(path.rootFact());
        if (unavailable != null) {
            return new Outcome(text, false, path.text() + " " + opText + lit + ": " + unavailable);
        }
        Optional<Object> found;
        try {
            found = path.lookup(observation);
        } catch (RuntimeException e) {
            return new Outcome(text, false, path.text() + " " + opText + lit + ": " + e.getMessage());
        }
        if (op == Operator.EXISTS) {
            String actual = found.map(v -> Values.display(v, mask)).orElse("missing");
            return new Outcome(text, found.isPresent() != negated, path.text() + " (" + actual + ") " + opText);
        }
        String head = path.text() + " (" + found.map(v -> Values.display(v, mask)).orElse("missing") + ") " + opText + lit;
        if (found.isEmpty()) {
            return new Outcome(text, false, head);
        }
        try {
            Pattern p = regex;
            if (op == Operator.MATCHES && p == null) {
                try {
                    p = Pattern.compile(literal.text());
                } catch (PatternSyntaxException e) {
                    return new Outcome(text, false, head + ": bad regex: " + e.getDescription());
                }
            }
            Comparison.Verdict v = Comparison.apply(op, found.get(), literal, p, mask);
            boolean passed = v.passed() != negated;
            String detail = !passed && v.detail() != null ? ": " + v.detail() : "";
            return new Outcome(text, passed, head + detail);
        } catch (Comparison.Mismatch e) {
            return new Outcome(text, false, head + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(text, false, head + ": " + Reasons.of(e));
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
