package dev.deploycheck.backend.auth;

/**
 * Keyboard patterns ("spatial" matches in zxcvbn's terms): {@code zaq12wsxcde}, {@code 1qaz2wsx3edc},
 * {@code qwertyuiop}, typed by sliding over neighbouring keys of a US QWERTY layout. No list holds all of them, and
 * crackers try them early. A password is one when it is at most three runs of neighbouring keys (a repeated key
 * counts as a neighbour), each at least three keys long.
 */
final class KeyboardWalk {
    private static final String[] ROWS = {"`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"};
    private static final String[] SHIFTED = {"~!@#$%^&*()_+", "QWERTYUIOP{}|", "ASDFGHJKL:\"", "ZXCVBNM<>?"};
    /** How far each row is shifted right, in key widths, on a staggered keyboard. */
    private static final double[] OFFSET = {0, 0.5, 0.75, 1.25};
    private static final int MAX_RUNS = 3;
    private static final int MIN_RUN = 3;

    private KeyboardWalk() { }

    static boolean is(String password) {
        if (password.isEmpty()) return false;
        int runs = 1;
        int runLength = 1;
        for (int i = 1; i < password.length(); i++) {
            if (adjacent(password.charAt(i - 1), password.charAt(i))) {
                runLength++;
            } else {
                if (runLength < MIN_RUN || ++runs > MAX_RUNS) return false;
                runLength = 1;
            }
        }
        return runLength >= MIN_RUN;
    }

    static boolean adjacent(char a, char b) {
        int[] p = position(a);
        int[] q = position(b);
        if (p == null || q == null) return false;
        if (p[0] == q[0] && p[1] == q[1]) return true;
        double dx = Math.abs((q[1] + OFFSET[q[0]]) - (p[1] + OFFSET[p[0]]));
        if (p[0] == q[0]) return dx == 1;
        return Math.abs(p[0] - q[0]) == 1 && dx <= 0.75;
    }

    /** {row, column} of the key that types {@code c}, with or without shift; null for a character not on it. */
    private static int[] position(char c) {
        for (int row = 0; row < ROWS.length; row++) {
            int col = ROWS[row].indexOf(c);
            if (col < 0) col = SHIFTED[row].indexOf(c);
            if (col >= 0) return new int[]{row, col};
        }
        return null;
    }
}
