package dev.deploycheck.checklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {
    @Test
    void readsDotenvSyntax() {
        Problems problems = new Problems();
        Map<String, String> m = EnvFile.parse(".env", List.of(
                "# comment",
                "",
                "PLAIN=value",
                "export EXPORTED=yes",
                "SINGLE='it''s # not a comment'",
                "DOUBLE=\"line\\nnext \\\"q\\\"\"",
                "INLINE=abc # trailing comment",
                "EMPTY=",
                "  SPACED = padded  ",
                "bad line"), problems);
        assertEquals("value", m.get("PLAIN"));
        assertEquals("yes", m.get("EXPORTED"));
        assertEquals("it", m.get("SINGLE"));
        assertEquals("line\nnext \"q\"", m.get("DOUBLE"));
        assertEquals("abc", m.get("INLINE"));
        assertEquals("", m.get("EMPTY"));
        assertEquals("padded", m.get("SPACED"));
        assertEquals(1, problems.size());
        assertEquals(10, problems.all().get(0).pos().line());
        assertTrue(problems.all().get(0).message().contains("KEY=value"));
    }
}
