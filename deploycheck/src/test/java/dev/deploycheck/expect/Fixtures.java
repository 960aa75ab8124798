package dev.deploycheck.expect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.probe.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** A realistic observation (what an http + tls + metrics probe would report) and a tiny table reader. */
final class Fixtures {
    static final String BODY = "<html><head><title>Chat</title></head><body>" + "Welcome back. ".repeat(8)
            + "</body></html>";

    /** An Observatory-style grade: an ordered fact compared with {@code grade >= "A-"}. */
    enum Grade implements Ordered<Grade> {
        F("F"), C("C"), B("B"), A_MINUS("A-"), A("A"), A_PLUS("A+");

        private final String label;

        Grade(String label) {
            this.label = label;
        }

        @Override
        public Grade parseSame(String literal) {
            for (Grade g : values()) {
                if (g.label.equals(literal.strip())) {
                    return g;
                }
            }
            throw new IllegalArgumentException("not a grade: '" + literal + "'");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Fixtures() {}

    static Observation observation() throws Exception {
        Map<String, String> header = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        header.put("Content-Type", "application/json; charset=utf-8");
        header.put("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
        header.put("X-Request-Count", " 42 ");
        header.put("Server", "nginx");
        String json = "{\"user\": {\"email\": \"a@b.example\", \"roles\": [\"admin\", \"user\"], \"age\": 41,"
                + " \"score\": 9.5, \"active\": true, \"nickname\": null},"
                + " \"items\": [1, 2, 3], \"empty\": [], \"accessToken\": \"eyJhbGciOiJIUzI1NiJ9.e30.sig\","
                + " \"key.with.dots\": \"dotted\", \"total\": \"17\", \"big\": 12345678901234567890,"
                + " \"Version\": \"v2.3.1\", \"ratio\": 0.25}";
        Map<String, Object> cert = new LinkedHashMap<>();
        cert.put("daysLeft", 45L);
        cert.put("notAfter", Instant.parse("2027-01-10T00:00:00Z"));
        cert.put("subject", "CN=chat.example.com");
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("protocol", TlsVersion.TLSv1_3);
        tls.put("negotiated", "TLSv1.2");
        tls.put("cipher", "TLS_AES_128_GCM_SHA256");
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("http_error_ratio", 0.004);
        metric.put("up", 1.0);
        metric.put("nan", Double.NaN);
        metric.put("delta", -5);
        return new Observation()
                .fact("status", 200)
                .fact("header", header)
                .fact("json", new ObjectMapper().readTree(json))
                .fact("body", BODY)
                .fact("duration", Duration.ofMillis(812))
                .fact("cert", cert)
                .fact("tls", tls)
                .fact("metric", metric)
                .fact("grade", Grade.A)
                .fact("exitCode", 0L)
                .fact("output", "starting\nready\n")
                .fact("redirects", List.of("http://chat.example.com/", "https://chat.example.com/"))
                .fact("nothing", null);
    }

    /** Rows of a {@code |}-separated table (cells trimmed; lines starting with # skipped). */
    static Stream<Arguments> table(String text) {
        List<Arguments> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String[] cells = line.split(" \\| ");
            Object[] args = new Object[cells.length];
            for (int i = 0; i < cells.length; i++) {
                args[i] = cells[i].strip();
            }
            rows.add(Arguments.of(args));
        }
        return rows.stream();
    }
}
