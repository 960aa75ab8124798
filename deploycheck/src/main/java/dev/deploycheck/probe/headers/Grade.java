package dev.deploycheck.probe.headers;

import dev.deploycheck.expect.Ordered;
import java.util.Locale;

/**
 * An MDN HTTP Observatory grade, worst to best, so that {@code grade >= "A-"} compares as a reader expects.
 * Thresholds from the Observatory's grade table (algorithm v6).
 */
public enum Grade implements Ordered<Grade> {
    F("F", 0), D_MINUS("D-", 25), D("D", 30), D_PLUS("D+", 40), C_MINUS("C-", 45), C("C", 50), C_PLUS("C+", 60),
    B_MINUS("B-", 65), B("B", 70), B_PLUS("B+", 80), A_MINUS("A-", 85), A("A", 90), A_PLUS("A+", 100);

    private final String label;
    private final int min;

    Grade(String label, int min) {
        this.label = label;
        this.min = min;
    }

    /** The grade of a score: 100 and above A+, 90 A, 85 A-, ... below 25 F. */
    public static Grade of(int score) {
        Grade best = F;
        for (Grade g : values()) {
            if (score >= g.min) {
                best = g;
            }
        }
        return best;
    }

    /** Parses {@code A+}, {@code a-}, {@code B}. */
    public static Grade parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (Grade g : values()) {
            if (g.label.equals(t)) {
                return g;
            }
        }
        throw new IllegalArgumentException("not an Observatory grade: '" + text + "' (A+, A, A-, B+, ... D-, F)");
    }

    /** The lowest score with this grade. */
    public int minScore() {
        return min;
    }

    @Override
    public Grade parseSame(String literal) {
        return parse(literal);
    }

    @Override
    public String toString() {
        return label;
    }
}
