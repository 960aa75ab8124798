package dev.deploycheck.checklist;

/**
 * One error in a checklist or profile: where, what, and an optional hint such as "did you mean 'http'?".
 * {@code width} is how many characters the caret underlines.
 */
public record Problem(Pos pos, String message, String hint, int width) {
    public Problem {
        width = Math.max(1, width);
    }

    public static Problem at(Pos pos, String message) {
        return new Problem(pos, message, null, 1);
    }
}
