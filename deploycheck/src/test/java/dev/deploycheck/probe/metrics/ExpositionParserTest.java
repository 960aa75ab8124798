package dev.deploycheck.probe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exposition parser, table-driven: one snippet, the single sample it must yield. */
class ExpositionParserTest {
    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("plain", "up 1", "up", Map.of(), 1.0, null),
                Arguments.of("labels", "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000",
                        "http_requests_total", Map.of("method", "post", "code", "200"), 1027.0, 1395066363000L),
                Arguments.of("escapes in label values", "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\","
                        + "error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9",
                        "msdos_file_access_time_seconds",
                        Map.of("path", "C:\\DIR\\FILE.TXT", "error", "Cannot find file:\n\"FILE.TXT\""), 1.458255915e9, null),
                Arguments.of("trailing comma and spaces", "m { a = \"1\" , } \t 2", "m", Map.of("a", "1"), 2.0, null),
                Arguments.of("NaN", "m NaN", "m", Map.of(), Double.NaN, null),
                Arguments.of("+Inf", "m +Inf", "m", Map.of(), Double.POSITIVE_INFINITY, null),
                Arguments.of("-Inf", "m -Inf", "m", Map.of(), Double.NEGATIVE_INFINITY, null),
                Arguments.of("negative timestamp", "m 3 -1", "m", Map.of(), 3.0, -1L),
                Arguments.of("OpenMetrics float seconds timestamp", "m 3 1520879607.789", "m", Map.of(), 3.0,
                        1520879607789L),
                Arguments.of("exemplar ignored", "m_bucket{le=\"0.5\"} 7 # {trace_id=\"abc\"} 0.3 1520879607.789",
                        "m_bucket", Map.of("le", "0.5"), 7.0, null),
                Arguments.of("colon in name", "job:rate5m:sum{job=\"api\"} 0.25", "job:rate5m:sum",
                        Map.of("job", "api"), 0.25, null),
                Arguments.of("quoted UTF-8 name", "{\"my.metric\",env=\"prod\"} 5", "my.metric", Map.of("env", "prod"), 5.0,
                        null),
                Arguments.of("exponent", "m 1e-3", "m", Map.of(), 0.001, null),
                Arguments.of("empty label value", "m{a=\"\"} 0", "m", Map.of("a", ""), 0.0, null),
                Arguments.of("braces inside a value", "m{re=\"a{1,2}\"} 1", "m", Map.of("re", "a{1,2}"), 1.0, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void parsesOneSample(String title, String line, String name, Map<String, String> labels, double value, Long ts) {
        Exposition e = ExpositionParser.parse(line + "\n");
        assertEquals(1, e.samples().size());
        Sample s = e.samples().get(0);
        assertEquals(name, s.name());
        assertEquals(labels, s.labels());
        assertEquals(value, s.value(), 0.0);
        assertEquals(ts, s.timestampMs());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("m", "line 1: missing sample value"),
                Arguments.of("m abc", "line 1: invalid sample value 'abc'"),
                Arguments.of("m{a=\"1\" 2", "line 1: expected ',' or '}' in labels"),
                Arguments.of("m{a=1} 2", "line 1: expected a quoted value for label a"),
                Arguments.of("m{a=\"1} 2", "line 1: unterminated label value"),
                Arguments.of("m{a=\"1\",a=\"2\"} 2", "line 1: duplicate label a"),
                Arguments.of("m 1 2 3", "line 1: unexpected text after the sample: '3'"),
                Arguments.of("m 1 soon", "line 1: invalid timestamp 'soon'"),
                Arguments.of("9m 1", "line 1: invalid metric name at '9m 1'"),
                Arguments.of("m{} 1\n# TYPE m countr", "line 2: unknown metric type 'countr' for m"),
                Arguments.of("m 1\n\nm Infinity", "line 3: invalid sample value 'Infinity'"),
                Arguments.of("m-x 1", "line 1: invalid character '-' in metric name m"),
                Arguments.of("{a=\"1\"} 1", "line 1: sample without a metric name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedLines(String text, String message) {
        ExpositionParser.ParseException e = assertThrows(ExpositionParser.ParseException.class,
                () -> ExpositionParser.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void helpTypeAndFamilies() {
        Exposition e = ExpositionParser.parse(String.join("\n",
                "# HELP http_requests_seconds Request latency.\\nIn seconds, with a \\\\ backslash.",
                "# TYPE http_requests_seconds histogram",
                "http_requests_seconds_bucket{le=\"0.1\"} 1",
                "http_requests_seconds_bucket{le=\"+Inf\"} 2",
                "http_requests_seconds_sum 0.3",
                "http_requests_seconds_count 2",
                "# TYPE rpc summary",
                "rpc{quantile=\"0.5\"} 0.01",
                "rpc_sum 1",
                "rpc_count 3",
                "# a free comment",
                "# UNIT x seconds",
                "# TYPE jobs_total counter",
                "jobs_total 5",
                "loose 1",
                "# EOF", ""));
        assertEquals("Request latency.\nIn seconds, with a \\ backslash.", e.help().get("http_requests_seconds"));
        assertEquals("histogram", e.typeOf("http_requests_seconds_bucket"));
        assertEquals("histogram", e.typeOf("http_requests_seconds_count"));
        assertEquals("summary", e.typeOf("rpc"));
        assertEquals("summary", e.typeOf("rpc_sum"));
        assertEquals("counter", e.typeOf("jobs_total"));
        assertEquals("untyped", e.typeOf("loose"));
        assertEquals(9, e.samples().size());
        assertEquals(List.of(2.0), e.named("http_requests_seconds_count").stream().map(Sample::value).toList());
    }

    @Test
    void windowsLineEndingsAndBlankLines() {
        Exposition e = ExpositionParser.parse("a 1\r\n\r\n   \nb{x=\"y\"} 2\r\n");
        assertEquals(List.of("a", "b"), e.samples().stream().map(Sample::name).toList());
        assertTrue(e.samples().get(1).labels().containsKey("x"));
    }
}
