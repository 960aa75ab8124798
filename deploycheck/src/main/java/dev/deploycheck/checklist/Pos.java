package dev.deploycheck.checklist;

/** A place in a source file: 1-based line and column. Every parsed node carries one so errors can point. */
public record Pos(String file, int line, int column) {
    public static final Pos NONE = new Pos("<none>", 0, 0);

    /** The position {@code n} characters to the right on the same line (for errors inside a scalar). */
    public Pos shift(int n) {
        return new Pos(file, line, column + n);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column; // line 0: the whole file
    }
}
