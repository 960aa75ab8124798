package dev.deploycheck.expect;

/**
 * A fact value with its own order (TLS versions, Observatory grades). An expectation compares it to a string
 * literal by asking the actual value to parse the literal as the same type: {@code grade >= "A-"}.
 */
public interface Ordered<T> extends Comparable<T> {
    /** Parses a literal as this type; throws IllegalArgumentException with a readable message when it is not one. */
    T parseSame(String literal);
}
