package dev.deploycheck.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.probe.Observation;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Variables in literals are bound at run time (captures exist only then); parsing and evaluation never throw. */
class ExpectationBindTest {
    private static final Map<String, String> VALUES = Map.of(
            "${smoke.email}", "a@b.example", "${vars.minDays}", "30", "${vars.budget}", "1s",
            "${vars.domain}", "example", "${vars.bad}", "[a-z");
    private static final UnaryOperator<String> RESOLVE = text -> {
        String out = text;
        for (Map.Entry<String, String> e : VALUES.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    };
    private static Observation obs;

    @BeforeAll
    static void observe() throws Exception {
        obs = Fixtures.observation();
    }

    private static Outcome bound(String text) throws Exception {
        return Expectation.parse(text, Pos.NONE).bind(RESOLVE).evaluate(obs);
    }

    @Test
    void quotedVariableBecomesAString() throws Exception {
        Outcome o = bound("json.user.email == \"${smoke.email}\"");
        assertTrue(o.passed(), o.message());
        assertEquals("json.user.email (\"a@b.example\") == \"a@b.example\"", o.message());
        assertEquals("json.user.email == \"${smoke.email}\"", o.expectation());
    }

    @Test
    void bareVariableIsTypedByItsValue() throws Exception {
        assertEquals("cert.daysLeft (45) >= 30", bound("cert.daysLeft >= ${vars.minDays}").message());
        assertTrue(bound("duration < ${vars.budget}").passed());
        assertTrue(bound("status in [${vars.minDays}, 200]").passed());
    }

    @Test
    void regexWithVariableIsCompiledWhenBound() throws Exception {
        assertTrue(bound("json.user.email matches \"@b\\.${vars.domain}$\"").passed());
        Outcome bad = bound("body matches \"${vars.bad}\"");
        assertFalse(bad.passed());
        assertTrue(bad.message().contains(": bad regex: Unclosed character class"), bad.message());
    }

    @Test
    void withoutVariablesBindReturnsTheSameExpectation() throws Exception {
        Expectation e = Expectation.parse("status == 200", new Pos("checklist.yaml", 12, 9));
        assertSame(e, e.bind(RESOLVE));
        assertEquals(new Pos("checklist.yaml", 12, 9), e.pos());
        assertEquals("status", e.path().text());
    }

    @Test
    void oddFactValuesGiveMessagesNotExceptions() throws Exception {
        Observation odd = new Observation().fact("thing", new Object() {
            @Override
            public String toString() {
                return "thing";
            }
        }).fact("bytes", new int[] {1, 2, 3});
        for (String text : new String[] {"thing == 1", "thing < 5ms", "thing contains \"x\"", "thing matches \"t\"",
                "thing.deep exists", "count(thing) == 1", "bytes contains 2", "bytes[1] == 2"}) {
            Outcome o = Expectation.parse(text, Pos.NONE).evaluate(odd);
            assertTrue(o.message().startsWith(text.startsWith("count") ? "count(thing)" : text.split(" ")[0]),
                    o.message());
        }
        assertTrue(Expectation.parse("bytes contains 2", Pos.NONE).evaluate(odd).passed());
        assertEquals("bytes[1] (2) == 2", Expectation.parse("bytes[1] == 2", Pos.NONE).evaluate(odd).message());
    }
}
