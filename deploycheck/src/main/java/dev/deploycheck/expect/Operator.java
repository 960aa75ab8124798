package dev.deploycheck.expect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operators of the expectation language, by the symbol or word a checklist writes. */
enum Operator {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    CONTAINS("contains"), MATCHES("matches"), STARTS_WITH("startsWith"), ENDS_WITH("endsWith"), IN("in"),
    EXISTS("exists");

    /** Symbols people bring from other languages, mapped to what they meant. */
    static final Map<String, String> ALIASES = Map.of(
            "=", "==", "===", "==", "=>", ">=", "=<", "<=", "<>", "!=", "!==", "!=", "=~", "matches",
            "!~", "not matches");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    boolean symbolic() {
        return ordinal() <= GE.ordinal();
    }

    boolean ordering() {
        return this == LT || this == LE || this == GT || this == GE;
    }

    /** Whether {@code not}/{@code !} may precede it. */
    boolean negatable() {
        return !symbolic();
    }

    static Optional<Operator> of(String written) {
        for (Operator op : values()) {
            if (op.symbolic() ? op.symbol.equals(written) : op.symbol.equalsIgnoreCase(written)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    static List<String> symbols() {
        List<String> out = new ArrayList<>();
        for (Operator op : values()) {
            out.add(op.symbol);
        }
        return out;
    }

    static String all() {
        return "operators: " + String.join(" ", symbols()) + " (and not contains, not matches, not in, not exists)";
    }

    static String negatableList() {
        List<String> out = new ArrayList<>();
        for (Operator op : values()) {
            if (op.negatable()) {
                out.add(op.symbol);
            }
        }
        return String.join(", ", out);
    }
}
