package dev.deploycheck.expect;

import dev.deploycheck.checklist.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** The typed right-hand side of an expectation: a number, string, duration, boolean, null, list or variable. */
sealed interface Literal {
    Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    String UNITS = "units: ns us ms s m h d w, e.g. 500ms, 30s, 5m, 2h, 30d";

    /** How the literal reads in an outcome message. */
    String display();

    /** The literal as plain text (for contains, startsWith, parsing into an ordered type). */
    default String text() {
        return display();
    }

    /** This literal with {@code ${...}} references expanded. */
    default Literal bind(UnaryOperator<String> resolve) {
        return this;
    }

    record Num(BigDecimal value, String source) implements Literal {
        public String display() {
            return source;
        }
    }

    record Str(String value, boolean quoted) implements Literal {
        public String display() {
            return quoted ? Values.quote(value) : value;
        }

        public String text() {
            return value;
        }

        public Literal bind(UnaryOperator<String> resolve) {
            return value.contains("${") ? new Str(resolve.apply(value), quoted) : this;
        }
    }

    record Dur(Duration value, String source) implements Literal {
        public String display() {
            return source;
        }
    }

    record Bool(boolean value) implements Literal {
        public String display() {
            return Boolean.toString(value);
        }
    }

    record Null() implements Literal {
        public String display() {
            return "null";
        }
    }

    record Many(List<Literal> items) implements Literal {
        public Many {
            items = List.copyOf(items);
        }

        public String display() {
            List<String> parts = new ArrayList<>();
            items.forEach(i -> parts.add(i.display()));
            return "[" + String.join(", ", parts) + "]";
        }

        public Literal bind(UnaryOperator<String> resolve) {
            List<Literal> out = new ArrayList<>();
            items.forEach(i -> out.add(i.bind(resolve)));
            return new Many(out);
        }
    }

    /**
     * {@code now}, {@code now - 30d}, {@code now + 1h}: an instant taken when the expectation is evaluated, so a
     * fact such as {@code cert.notBefore <= now} or {@code json.lastBackup > now - 1d} can be stated.
     */
    record When(Duration offset, String source) implements Literal {
        public String display() {
            return source;
        }

        public String text() {
            return instant().toString();
        }

        java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }
    }

    /** An unquoted {@code ${vars.x}}: typed only once its value is known (a number, a duration, a word). */
    record Var(String raw) implements Literal {
        public String display() {
            return raw;
        }

        public Literal bind(UnaryOperator<String> resolve) {
            return classify(resolve.apply(raw));
        }
    }

    /** Types a bare value the way the parser would: number, duration, true/false/null, else a string. */
    static Literal classify(String value) {
        String v = value.strip();
        if (NUMBER.matcher(v).matches()) {
            return new Num(new BigDecimal(v.startsWith("+") ? v.substring(1) : v), v);
        }
        if (Durations.looksLike(v)) {
            return new Dur(Durations.parse(v), v);
        }
        switch (v) {
            case "true": return new Bool(true);
            case "false": return new Bool(false);
            case "null": return new Null();
            default: return new Str(value, false);
        }
    }

    /** Reads one literal at the cursor (a list reads its elements). */
    static Literal parse(Scanner s) throws ExpectationSyntaxException {
        s.skipSpace();
        int start = s.at;
        char c = s.peek();
        if (s.atEnd()) {
            throw s.error("missing value", start, 1, "e.g. 200, \"text\", 500ms or [200, 204]");
        }
        if (c == '"' || c == '\'') {
            return new Str(s.quoted(), true);
        }
        if (c == '[') {
            return list(s);
        }
        if (c == '$' && s.peek(1) == '{') {
            int close = s.text.indexOf('}', start);
            if (close < 0) {
                throw s.error("unclosed '${'", start, s.text.length() - start, "write ${vars.name}");
            }
            s.at = close + 1;
            return new Var(s.text.substring(start, s.at));
        }
        boolean numeric = Character.isDigit(c)
                || ((c == '-' || c == '+' || c == '.') && Character.isDigit(s.peek(1)));
        if (!numeric && !Character.isLetter(c) && "_./".indexOf(c) < 0) {
            throw s.error("expected a value, found '" + c + "'", start, 1, "quote strings: \"text\"");
        }
        while (!s.atEnd() && !Character.isWhitespace(s.peek()) && "\"'[](),".indexOf(s.peek()) < 0) {
            s.at++;
        }
        String word = s.text.substring(start, s.at);
        if (word.equals("now")) {
            return now(s, start);
        }
        return numeric ? number(s, word, start) : word(s, word, start);
    }

    /** After {@code now}: an optional {@code + DURATION} or {@code - DURATION}. */
    private static Literal now(Scanner s, int start) throws ExpectationSyntaxException {
        int after = s.at;
        s.skipSpace();
        char sign = s.peek();
        if (sign != '+' && sign != '-') {
            s.at = after;
            return new When(Duration.ZERO, "now");
        }
        s.at++;
        s.skipSpace();
        int durStart = s.at;
        while (!s.atEnd() && !Character.isWhitespace(s.peek()) && "\"'[](),".indexOf(s.peek()) < 0) {
            s.at++;
        }
        String d = s.text.substring(durStart, s.at);
        if (d.isEmpty() || !Durations.looksLike(d)) {
            throw s.error("expected a duration after 'now " + sign + "', found '" + d + "'", durStart,
                    Math.max(1, d.length()), "e.g. now - 30d, now + 1h; " + UNITS);
        }
        Duration offset = Durations.parse(d);
        return new When(sign == '-' ? offset.negated() : offset, "now " + sign + " " + d);
    }

    private static Literal number(Scanner s, String word, int start) throws ExpectationSyntaxException {
        if (NUMBER.matcher(word).matches()) {
            return classify(word);
        }
        if (Durations.looksLike(word)) {
            return new Dur(Durations.parse(word), word);
        }
        if (word.matches("[-+]?[\\d.]+[A-Za-zµ]+")) {
            int unit = start;
            while (unit < s.at && "+-.0123456789".indexOf(s.text.charAt(unit)) >= 0) {
                unit++;
            }
            if (word.startsWith("-")) {
                throw s.error("a duration cannot be negative: '" + word + "'", start, word.length(), UNITS);
            }
            throw s.error("unknown duration unit in '" + word + "'", unit, s.at - unit, UNITS);
        }
        throw s.error("bad number '" + word + "'", start, word.length(), "write e.g. 200, -1, 0.01 or 1e6");
    }

    private static Literal word(Scanner s, String word, int start) throws ExpectationSyntaxException {
        String upper = word.toUpperCase(Locale.ROOT);
        if (upper.matches("(TLS|SSL)V?[\\d.]+")) {
            try {
                TlsVersion.parse(word);
            } catch (IllegalArgumentException e) {
                throw s.error("not a TLS version: '" + word + "'", start, word.length(),
                        "TLS versions: SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3");
            }
        }
        return classify(word);
    }

    private static Literal list(Scanner s) throws ExpectationSyntaxException {
        int open = s.at++;
        List<Literal> items = new ArrayList<>();
        s.skipSpace();
        if (s.peek() == ']') {
            s.at++;
            return new Many(items);
        }
        while (true) {
            s.skipSpace();
            if (s.atEnd()) {
                throw s.error("unclosed '['", open, 1, "close the list with ]");
            }
            if (s.peek() == '[') {
                throw s.error("lists cannot be nested", s.at, 1, null);
            }
            items.add(parse(s));
            s.skipSpace();
            if (s.atEnd()) {
                throw s.error("unclosed '['", open, 1, "close the list with ]");
            }
            char c = s.peek();
            s.at++;
            if (c == ']') {
                return new Many(items);
            }
            if (c != ',') {
                throw s.error("expected ',' or ']' in the list, found '" + c + "'", s.at - 1, 1,
                        "separate items with commas: [200, 204]");
            }
        }
    }
}
