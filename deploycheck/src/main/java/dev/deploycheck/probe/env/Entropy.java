package dev.deploycheck.probe.env;

import java.util.HashMap;
import java.util.Map;

/**
 * Estimates the strength of a secret in bits, conservatively: the lower of two estimates.
 * <ul>
 *   <li>alphabet: length × log2(size of the character classes used) — hex digits 16; otherwise lower case 26,
 *       upper case 26, digits 10, ASCII punctuation 33, anything else 100;</li>
 *   <li>Shannon: length × the Shannon entropy of the value's own character frequencies.</li>
 * </ul>
 * The first catches short values, the second repetition ({@code aaaaaaaa}, {@code abcabcabc}). A random
 * 32-byte key written as 64 hex characters scores about 240 bits; in base64 (44 characters) about 215.
 */
final class Entropy {
    private Entropy() {}

    static double bits(String value) {
        return Math.min(alphabetBits(value), shannonBits(value));
    }

    static double alphabetBits(String v) {
        if (v.isEmpty()) {
            return 0;
        }
        int pool;
        if (v.matches("[0-9a-fA-F]+") && !v.matches("[0-9]+")) {
            pool = 16;
        } else {
            pool = 0;
            pool += v.chars().anyMatch(c -> c >= 'a' && c <= 'z') ? 26 : 0;
            pool += v.chars().anyMatch(c -> c >= 'A' && c <= 'Z') ? 26 : 0;
            pool += v.chars().anyMatch(c -> c >= '0' && c <= '9') ? 10 : 0;
            pool += v.chars().anyMatch(c -> c > ' ' && c < 127 && !Character.isLetterOrDigit(c)) ? 33 : 0;
            pool += v.chars().anyMatch(c -> c >= 127 || c <= ' ') ? 100 : 0;
        }
        return v.length() * log2(pool);
    }

    static double shannonBits(String v) {
        Map<Integer, Integer> counts = new HashMap<>();
        v.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        int n = v.codePointCount(0, v.length());
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * log2(p);
        }
        return n * h;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
