package dev.deploycheck.expect;

import dev.deploycheck.checklist.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Applies one operator to an actual value and a literal. Values of different types are coerced where the
 * meaning is clear (a numeric string and a number, an ordered value and the text of a literal); otherwise the
 * result is a {@link Mismatch}, which the expectation reports as a failure, never as an exception.
 */
final class Comparison {
    /** A comparison that has no answer because the types do not fit; the message says why. */
    static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether the operator held, and an optional detail for the message. */
    record Verdict(boolean passed, String detail) {}

    private Comparison() {}

    static Verdict apply(Operator op, Object actual, Literal lit, Pattern regex, UnaryOperator<String> mask)
            throws Mismatch {
        switch (op) {
            case EQ: return new Verdict(equal(actual, lit), null);
            case NE: return new Verdict(!equal(actual, lit), null);
            case LT: return new Verdict(compare(actual, lit) < 0, null);
            case LE: return new Verdict(compare(actual, lit) <= 0, null);
            case GT: return new Verdict(compare(actual, lit) > 0, null);
            case GE: return new Verdict(compare(actual, lit) >= 0, null);
            case CONTAINS: return contains(actual, lit, mask);
            case MATCHES: return new Verdict(regex.matcher(scalarText(actual, op)).find(), null);
            case STARTS_WITH: return new Verdict(scalarText(actual, op).startsWith(lit.text()), null);
            case ENDS_WITH: return new Verdict(scalarText(actual, op).endsWith(lit.text()), null);
            case IN:
                for (Literal item : ((Literal.Many) lit).items()) {
                    if (quietlyEqual(actual, item)) {
                        return new Verdict(true, null);
                    }
                }
                return new Verdict(false, null);
            default: throw new IllegalStateException(op.name());
        }
    }

    static boolean equal(Object a, Literal l) throws Mismatch {
        if (l instanceof Literal.Null) {
            return a == Values.NULL;
        }
        if (a == Values.NULL) {
            return false;
        }
        if (l instanceof Literal.Many) {
            List<Object> list = Values.asList(a);
            if (list == null) {
                throw mismatch(a, l);
            }
            List<Literal> items = ((Literal.Many) l).items();
            if (list.size() != items.size()) {
                return false;
            }
            for (int i = 0; i < items.size(); i++) {
                if (!quietlyEqual(list.get(i), items.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof String && (l instanceof Literal.Str || l instanceof Literal.Var)) {
            String s = (String) a;
            TlsVersion x = tls(s);
            TlsVersion y = tls(l.text());
            return s.equals(l.text()) || (x != null && x == y);
        }
        return compare(a, l) == 0;
    }

    /** Equality where a type mismatch simply means "not equal" (for {@code in} and list elements). */
    static boolean quietlyEqual(Object a, Literal l) {
        try {
            return equal(a, l);
        } catch (Mismatch e) {
            return false;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Literal l) throws Mismatch {
        if (a == Values.NULL || l instanceof Literal.Null || l instanceof Literal.Many
                || Values.asList(a) != null || Values.asMap(a) != null) {
            throw mismatch(a, l);
        }
        if (a instanceof Ordered) {
            Object other;
            try {
                other = ((Ordered<?>) a).parseSame(l.text());
            } catch (IllegalArgumentException e) {
                throw new Mismatch("cannot compare " + Values.typeName(a) + " with " + Values.typeName(l) + ": "
                        + e.getMessage());
            }
            return ((Comparable) a).compareTo(other);
        }
        if (Values.nonFinite(a)) {
            double d = ((Number) a).doubleValue();
            if (Double.isNaN(d)) {
                throw new Mismatch("NaN has no order");
            }
            BigDecimal n = literalNumber(l);
            if (n == null) {
                throw mismatch(a, l);
            }
            return Double.compare(d, n.doubleValue());
        }
        if (l instanceof Literal.Dur) {
            Duration d = duration(a);
            if (d == null) {
                throw mismatch(a, l);
            }
            return d.compareTo(((Literal.Dur) l).value());
        }
        if (l instanceof Literal.Bool) {
            Boolean b = bool(a);
            if (b == null) {
                throw mismatch(a, l);
            }
            return Boolean.compare(b, ((Literal.Bool) l).value());
        }
        if (l instanceof Literal.Num) {
            BigDecimal x = Values.number(a);
            if (x == null) {
                throw a instanceof Duration
                        ? new Mismatch("cannot compare duration with number: give a unit, e.g. 500ms")
                        : mismatch(a, l);
            }
            return x.compareTo(((Literal.Num) l).value());
        }
        return compareText(a, l);
    }

    /** The actual value against a string, bare word or variable literal. */
    private static int compareText(Object a, Literal l) throws Mismatch {
        if (l instanceof Literal.When w && !(a instanceof Instant)) {
            Instant when = w.instant();
            if (a instanceof String str) {
                try {
                    return Instant.parse(str).compareTo(when);
                } catch (DateTimeParseException e) {
                    throw new Mismatch("cannot compare '" + str + "' with " + w.display() + ": not an ISO-8601 instant");
                }
            }
            throw new Mismatch("cannot compare " + Values.typeName(a) + " with " + w.display() + " (a time)");
        }
        String t = l.text();
        if (a instanceof String) {
            // two numbers, two TLS versions or two durations in text keep their own order, not the alphabet's
            String x = ((String) a).strip();
            if (Values.number(x) != null && Values.number(t) != null) {
                return Values.number(x).compareTo(Values.number(t));
            }
            if (tls(x) != null && tls(t) != null) {
                return tls(x).compareTo(tls(t));
            }
            if (Durations.looksLike(x) && Durations.looksLike(t.strip())) {
                return Durations.parse(x).compareTo(Durations.parse(t));
            }
            return ((String) a).compareTo(t);
        }
        if (a instanceof Number) {
            BigDecimal y = Values.number(t);
            if (y == null) {
                throw mismatch(a, l);
            }
            return Values.number(a).compareTo(y);
        }
        if (a instanceof Boolean && bool(t) != null) {
            return Boolean.compare((Boolean) a, bool(t));
        }
        if (a instanceof Duration && Durations.looksLike(t)) {
            return ((Duration) a).compareTo(Durations.parse(t));
        }
        if (a instanceof Instant) {
            try {
                return ((Instant) a).compareTo(Instant.parse(t));
            } catch (DateTimeParseException e) {
                throw new Mismatch("cannot compare time with '" + t + "': write an ISO-8601 instant such as "
                        + "2030-01-01T00:00:00Z");
            }
        }
        if (a instanceof Enum || a instanceof CharSequence) {
            return a.toString().compareToIgnoreCase(t);
        }
        throw mismatch(a, l);
    }

    private static Verdict contains(Object a, Literal l, UnaryOperator<String> mask) throws Mismatch {
        List<Literal> wanted = l instanceof Literal.Many ? ((Literal.Many) l).items() : List.of(l);
        if (a instanceof String) {
            for (Literal w : wanted) {
                if (!((String) a).contains(w.text())) {
                    return new Verdict(false, null);
                }
            }
            return new Verdict(true, null);
        }
        List<Object> list = Values.asList(a);
        if (list != null) {
            for (Literal w : wanted) {
                if (list.stream().noneMatch(e -> quietlyEqual(e, w))) {
                    return new Verdict(false, "items are " + Values.elements(list, mask));
                }
            }
            return new Verdict(true, null);
        }
        Map<String, Object> map = Values.asMap(a);
        if (map != null) {
            for (Literal w : wanted) {
                if (map.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(w.text()))) {
                    return new Verdict(false, "keys are " + Values.truncate(map.keySet().toString(), mask));
                }
            }
            return new Verdict(true, null);
        }
        throw new Mismatch("contains needs a string, list or map, not " + Values.typeName(a));
    }

    /** Text of a scalar for matches/startsWith/endsWith: strings, numbers, booleans, versions. */
    private static String scalarText(Object a, Operator op) throws Mismatch {
        if (a instanceof String) {
            return (String) a;
        }
        if (a instanceof Number || a instanceof Boolean || a instanceof Enum) {
            return Values.display(a);
        }
        throw new Mismatch(op.symbol() + " needs a string, not " + Values.typeName(a));
    }

    private static BigDecimal literalNumber(Literal l) {
        return l instanceof Literal.Num ? ((Literal.Num) l).value() : Values.number(l.text());
    }

    private static Duration duration(Object a) {
        if (a instanceof Duration) {
            return (Duration) a;
        }
        if (a instanceof String && Durations.looksLike(((String) a).strip())) {
            return Durations.parse((String) a);
        }
        return null;
    }

    private static Boolean bool(Object a) {
        if (a instanceof Boolean) {
            return (Boolean) a;
        }
        if (a instanceof String) {
            String s = ((String) a).strip().toLowerCase(Locale.ROOT);
            return s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : null;
        }
        return null;
    }

    private static TlsVersion tls(String s) {
        try {
            return TlsVersion.parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Mismatch mismatch(Object a, Literal l) {
        return new Mismatch("cannot compare " + Values.typeName(a) + " with " + Values.typeName(l));
    }
}
