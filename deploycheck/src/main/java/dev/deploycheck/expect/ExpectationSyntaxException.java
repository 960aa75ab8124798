package dev.deploycheck.expect;

/** A malformed expectation: {@code offset} (0-based) and {@code width} locate the bad part inside the text. */
public final class ExpectationSyntaxException extends Exception {
    private final int offset;
    private final int width;
    private final String hint;

    public ExpectationSyntaxException(String message, int offset, int width, String hint) {
        super(message);
        this.offset = offset;
        this.width = width;
        this.hint = hint;
    }

    public int offset() {
        return offset;
    }

    public int width() {
        return width;
    }

    public String hint() {
        return hint;
    }
}
