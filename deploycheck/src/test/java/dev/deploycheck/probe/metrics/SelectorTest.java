package dev.deploycheck.probe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label matchers: each row is a selector, the labels of a sample, and whether it matches. */
class SelectorTest {
    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "status=\"200\"                     | status=200          | true",
            "status=\"200\"                     | status=500          | false",
            "status!=\"200\"                    | status=500          | true",
            "status=~\"5..\"                    | status=503          | true",
            "status=~\"5..\"                    | status=1503         | false",
            "status!~\"5..\"                    | status=404          | true",
            "{status=~\"5..\", uri=\"/api/x\"}  | status=500,uri=/api/x | true",
            "status=~\"5..\", uri=\"/api/x\"    | status=500,uri=/api/y | false",
            "missing=\"\"                       | status=500          | true",
            "missing!=\"\"                      | status=500          | false",
            "uri=~\"/api/[ab]\"               | uri=/api/b          | true",
            "''                                 | a=b                 | true",
    })
    void matches(String selector, String labels, boolean expected) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String kv : labels.split(",")) {
            String[] p = kv.split("=", 2);
            m.put(p[0], p[1]);
        }
        assertEquals(expected, Selector.parse(selector).matches(new Sample("x", m, 1, null)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "status 500                  | expected =, !=, =~ or !~ after 'status'",
            "status=500                  | expected a quoted value after 'status='",
            "status=\"500                | unterminated value for 'status'",
            "status=~\"5(\"              | invalid regex for 'status': Unclosed group",
            "a=\"1\" b=\"2\"             | expected ',' between matchers at 'b=\"2\"'",
            "=\"1\"                      | expected a label name at '=\"1\"'",
    })
    void rejects(String selector, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Selector.parse(selector)).getMessage());
    }
}
