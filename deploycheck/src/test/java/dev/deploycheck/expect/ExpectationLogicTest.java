package dev.deploycheck.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.probe.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** and / or / parentheses, and {@code now}: the words an item needs to state one fact about a key or a date. */
class ExpectationLogicTest {
    private static Observation cert(String type, int bits, Instant notBefore) {
        Map<String, Object> cert = new LinkedHashMap<>();
        cert.put("keyType", type);
        cert.put("keySize", bits);
        cert.put("notBefore", notBefore);
        cert.put("issued", notBefore.toString());
        return new Observation().fact("cert", cert).fact("status", 200);
    }

    private static Outcome eval(String text, Observation obs) throws Exception {
        return Expectation.parse(text, Pos.NONE).evaluate(obs);
    }

    private static final String KEY_STRENGTH =
            "cert.keyType == \"RSA\" and cert.keySize >= 2048 or cert.keyType == \"EC\" and cert.keySize >= 256";

    @Test
    void oneItemStatesRsaOrEcStrengthAndAFailureShowsEveryOperand() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertTrue(eval(KEY_STRENGTH, cert("EC", 256, t)).passed(), "a P-256 key is strong enough");
        assertTrue(eval(KEY_STRENGTH, cert("RSA", 4096, t)).passed());
        assertFalse(eval(KEY_STRENGTH, cert("RSA", 1024, t)).passed());
        Outcome weak = eval(KEY_STRENGTH, cert("EC", 224, t));
        assertFalse(weak.passed());
        assertEquals(KEY_STRENGTH, weak.expectation());
        assertEquals("(cert.keyType (\"EC\") == \"RSA\" and cert.keySize (224) >= 2048)"
                + " or (cert.keyType (\"EC\") == \"EC\" and cert.keySize (224) >= 256)", weak.message());
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() throws Exception {
        Observation o = new Observation().fact("a", 1).fact("b", 0).fact("c", 0);
        // a == 1 or (b == 1 and c == 1): true; (a == 1 or b == 1) and c == 1: false
        assertTrue(eval("a == 1 or b == 1 and c == 1", o).passed());
        assertFalse(eval("(a == 1 or b == 1) and c == 1", o).passed());
        assertEquals("(a (1) == 1 or b (0) == 1) and c (0) == 1", eval("(a == 1 or b == 1) and c == 1", o).message());
        assertTrue(eval("((a == 1))", o).passed());
        assertTrue(eval("a == 1 and (b == 0 or c == 5) and not_there not exists", o).passed());
    }

    @Test
    void wordsThatOnlyLookLikeKeywordsAreNotKeywords() throws Exception {
        Observation o = new Observation().fact("json", Map.of("order", "android", "or", 1));
        assertTrue(eval("json.order == android", o).passed());
        assertTrue(eval("json.or == 1 and json.order startsWith \"andr\"", o).passed());
    }

    @Test
    void anUnavailableFactFailsItsOperandWithTheReason() throws Exception {
        Observation o = new Observation().fact("status", 200);
        o.unavailable("json", "invalid JSON at 1:2: unexpected end");
        Outcome r = eval("status == 200 and json.ok == true", o);
        assertFalse(r.passed());
        assertEquals("status (200) == 200 and json.ok == true: invalid JSON at 1:2: unexpected end", r.message());
        assertTrue(eval("status == 200 or json.ok == true", o).passed());
    }

    @Test
    void nowIsTheTimeOfEvaluationWithArithmetic() throws Exception {
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        Observation o = cert("EC", 256, yesterday);
        assertTrue(eval("cert.notBefore <= now", o).passed());
        assertTrue(eval("cert.notBefore > now - 2d", o).passed());
        assertFalse(eval("cert.notBefore > now - 12h", o).passed());
        assertTrue(eval("cert.notBefore < now + 1h", o).passed());
        // an ISO instant in text (a JSON field) compares as a time
        assertTrue(eval("cert.issued >= now - 30d", o).passed());
        Outcome future = eval("cert.notBefore >= now", o);
        assertFalse(future.passed());
        assertEquals("cert.notBefore (" + yesterday + ") >= now", future.message());
    }

    @Test
    void nowAgainstSomethingThatIsNoTimeFailsWithTheReason() throws Exception {
        Observation o = cert("EC", 256, Instant.now()).fact("version", "v1.2");
        assertEquals("status (200) < now - 1d: cannot compare number with now - 1d (a time)",
                eval("status < now - 1d", o).message());
        assertEquals("version (\"v1.2\") > now: cannot compare 'v1.2' with now: not an ISO-8601 instant",
                eval("version > now", o).message());
    }

    @Test
    void bindingKeepsTheTreeAndReturnsTheSameObjectWithoutVariables() throws Exception {
        Expectation e = Expectation.parse("status == 200 or status == 204", Pos.NONE);
        assertSame(e, e.bind(s -> s));
        Expectation v = Expectation.parse("status == ${vars.a} or status == ${vars.b}", Pos.NONE);
        Expectation bound = v.bind(s -> s.equals("${vars.a}") ? "201" : "200");
        assertTrue(bound.evaluate(new Observation().fact("status", 200)).passed());
        assertEquals(List.of(0, 23), v.conditionOffsets());
    }
}
