package dev.deploycheck.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ShownTest {
    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("\\x1b[31mred\\x07", Shown.line("\u001b[31mred\u0007"));
        assertEquals("a\\nb\\rc\\x7f\\x9b", Shown.line("a\nb\rc\u007f\u009b"));
    }

    @Test
    void separatorsAndBidiOverridesAreEscaped() {
        assertEquals("x\\u2028y\\u202ez", Shown.line("x\u2028y\u202ez"));
    }

    @Test
    void linesKeepsNewlinesOnly() {
        assertEquals("one\ntwo\\x1b", Shown.lines("one\ntwo\u001b"));
    }

    @Test
    void plainTextIsUnchangedAndNullStaysNull() {
        assertEquals("héllo ✓ 日本", Shown.line("héllo ✓ 日本"));
        assertNull(Shown.line(null));
    }

    @Test
    void cutsAfterEscapingAndMarksTheCut() {
        assertEquals("abcdefg...", Shown.line("abcdefghijklmnop", 10));
        assertEquals("abc", Shown.line("abc", 10));
        assertEquals("\"\\x00\\x00...\"", Shown.quoted("\u0000\u0000\u0000\u0000", 11));
    }
}
