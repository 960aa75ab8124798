package dev.deploycheck.probe.headers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one Observatory test: its result id (the Observatory's own names, such as
 * {@code csp-implemented-with-unsafe-inline}), the score modifier and a line saying why, with the actual value.
 */
public record TestResult(String test, String result, int modifier, String detail) {
    /** Passing means no penalty. */
    public boolean pass() {
        return modifier >= 0;
    }

    /** As the {@code tests} fact shows it: {@code {result, modifier, pass, detail}}. */
    public Map<String, Object> asFact() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result);
        m.put("modifier", modifier);
        m.put("pass", pass());
        m.put("detail", detail);
        return m;
    }

    /** The evidence line: {@code content-security-policy  -20  csp-implemented-with-unsafe-inline: ...}. */
    public String line() {
        String mod = modifier > 0 ? "+" + modifier : String.valueOf(modifier);
        return test + " " + mod + " " + result + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
