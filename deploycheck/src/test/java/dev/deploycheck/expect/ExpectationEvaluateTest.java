package dev.deploycheck.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.probe.Observation;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The language against a realistic observation: every row is an expectation, its verdict and its message. */
class ExpectationEvaluateTest {
    private static Observation obs;

    @BeforeAll
    static void observe() throws Exception {
        obs = Fixtures.observation();
    }

    static Stream<Arguments> cases() {
        return Fixtures.table("""
            # --- status: numbers, lists, coercion
            status == 200                        | PASS | status (200) == 200
            status==200                          | PASS | status (200) == 200
            status != 503                        | PASS | status (200) != 503
            status < 300                         | PASS | status (200) < 300
            status >= 200                        | PASS | status (200) >= 200
            status == 200.0                      | PASS | status (200) == 200.0
            status == "200"                      | PASS | status (200) == "200"
            status in [200, 201, 204]            | PASS | status (200) in [200, 201, 204]
            status not in [500, 502, 503]        | PASS | status (200) not in [500, 502, 503]
            status == 503                        | FAIL | status (200) == 503
            status > 200                         | FAIL | status (200) > 200
            status in [500, 502]                 | FAIL | status (200) in [500, 502]
            status not in [200, 204]             | FAIL | status (200) not in [200, 204]
            status < "abc"                       | FAIL | status (200) < "abc": cannot compare number with string
            status == true                       | FAIL | status (200) == true: cannot compare number with boolean
            status contains 2                    | FAIL | status (200) contains 2: contains needs a string, list or map, not number
            # --- headers: case-insensitive names, numeric strings
            header.content-type contains "json"  | PASS | header.content-type ("application/json; charset=utf-8") contains "json"
            header.Strict-Transport-Security contains "max-age" | PASS | header.Strict-Transport-Security ("max-age=63072000; includeSubDomains") contains "max-age"
            header.Strict-Transport-Security contains "preload" | FAIL | header.Strict-Transport-Security ("max-age=63072000; includeSubDomains") contains "preload"
            header.X-Frame-Options == DENY       | FAIL | header.X-Frame-Options (missing) == DENY
            header.X-Request-Count > 40          | PASS | header.X-Request-Count (" 42 ") > 40
            header.x-request-count == 42         | PASS | header.x-request-count (" 42 ") == 42
            header.X-Request-Count > "100"       | FAIL | header.X-Request-Count (" 42 ") > "100"
            header.X-Request-Count > "9"         | PASS | header.X-Request-Count (" 42 ") > "9"
            header.Server < "zeus"               | PASS | header.Server ("nginx") < "zeus"
            header.Server exists                 | PASS | header.Server ("nginx") exists
            header.Server not exists             | FAIL | header.Server ("nginx") not exists
            header.X-Powered-By not exists       | PASS | header.X-Powered-By (missing) not exists
            header.X-Powered-By !exists          | PASS | header.X-Powered-By (missing) not exists
            header.X-Powered-By exists           | FAIL | header.X-Powered-By (missing) exists
            header.Content-Type startsWith "application/json" | PASS | header.Content-Type ("application/json; charset=utf-8") startsWith "application/json"
            header.Content-Type endsWith utf-8   | PASS | header.Content-Type ("application/json; charset=utf-8") endsWith utf-8
            header.Server startsWith "Apache"    | FAIL | header.Server ("nginx") startsWith "Apache"
            header.Content-Type matches "^application/(json|problem\\+json)" | PASS | header.Content-Type ("application/json; charset=utf-8") matches "^application/(json|problem\\+json)"
            header contains "strict-transport-security" | PASS | header (4 keys) contains "strict-transport-security"
            # --- json: objects, arrays, quoted keys, null, unwrapped scalars
            json.user.email == "a@b.example"     | PASS | json.user.email ("a@b.example") == "a@b.example"
            json.user.email == 'a@b.example'     | PASS | json.user.email ("a@b.example") == "a@b.example"
            json.user.phone == "a@b"             | FAIL | json.user.phone (missing) == "a@b"
            json.user.roles[0] == admin          | PASS | json.user.roles[0] ("admin") == admin
            json.user.roles[-1] == 'user'        | PASS | json.user.roles[-1] ("user") == "user"
            json.user.roles contains "admin"     | PASS | json.user.roles (2 items) contains "admin"
            json.user.roles contains ["user", "admin"] | PASS | json.user.roles (2 items) contains ["user", "admin"]
            json.user.roles not contains "root"  | PASS | json.user.roles (2 items) not contains "root"
            json.user.roles contains "root"      | FAIL | json.user.roles (2 items) contains "root": items are ["admin", "user"]
            json.user.roles == ["admin", "user"] | PASS | json.user.roles (2 items) == ["admin", "user"]
            json.user.roles startsWith "a"       | FAIL | json.user.roles (2 items) startsWith "a": startsWith needs a string, not list
            json.user.age >= 18                  | PASS | json.user.age (41) >= 18
            json.user.score > 9.25               | PASS | json.user.score (9.5) > 9.25
            json.user.active == true             | PASS | json.user.active (true) == true
            json.user.active != false            | PASS | json.user.active (true) != false
            json.user.active == "yes"            | FAIL | json.user.active (true) == "yes": cannot compare boolean with string
            json.user.nickname == null           | PASS | json.user.nickname (null) == null
            json.user.nickname exists            | PASS | json.user.nickname (null) exists
            json.user.nickname == "bob"          | FAIL | json.user.nickname (null) == "bob"
            json.user.email != null              | PASS | json.user.email ("a@b.example") != null
            json.user contains "email"           | PASS | json.user (6 keys) contains "email"
            json.user contains "phone"           | FAIL | json.user (6 keys) contains "phone": keys are [email, roles, age, score, active, nickname]
            json.user == 5                       | FAIL | json.user (6 keys) == 5: cannot compare map with number
            json["key.with.dots"] == "dotted"    | PASS | json["key.with.dots"] ("dotted") == "dotted"
            json."key.with.dots" == dotted       | PASS | json."key.with.dots" ("dotted") == dotted
            json['user']["email"] endsWith .example | PASS | json['user']["email"] ("a@b.example") endsWith .example
            count(json.items) == 3               | PASS | count(json.items) (3) == 3
            count(json.user) >= 6                | PASS | count(json.user) (6) >= 6
            count(json.empty) > 0                | FAIL | count(json.empty) (0) > 0
            count(json.missing) == 0             | FAIL | count(json.missing) (missing) == 0
            count(json.user.age) == 1            | FAIL | count(json.user.age) == 1: count() needs a list, map or string, not number
            json.items[1] == 2                   | PASS | json.items[1] (2) == 2
            json.items.0 == 1                    | PASS | json.items.0 (1) == 1
            json.items[5] == 1                   | FAIL | json.items[5] (missing) == 1
            json.items in [1, 2]                 | FAIL | json.items (3 items) in [1, 2]
            json.empty == []                     | PASS | json.empty (0 items) == []
            json.total > 10                      | PASS | json.total ("17") > 10
            json.big > 12345678901234567889      | PASS | json.big (12345678901234567890) > 12345678901234567889
            json.ratio == 0.250                  | PASS | json.ratio (0.25) == 0.250
            json.version == "v2.3.1"             | PASS | json.version ("v2.3.1") == "v2.3.1"
            json.Version matches "^v\\d+\\.\\d+" | PASS | json.Version ("v2.3.1") matches "^v\\d+\\.\\d+"
            json.accessToken startsWith eyJ      | PASS | json.accessToken ("eyJhbGciOiJIUzI1NiJ9.e30.sig") startsWith eyJ
            json.user.email matches "@example\\.org$" | FAIL | json.user.email ("a@b.example") matches "@example\\.org$"
            json.user.email not matches "@example\\.org$" | PASS | json.user.email ("a@b.example") not matches "@example\\.org$"
            json.user.email == "${smoke.email}"  | FAIL | json.user.email ("a@b.example") == "${smoke.email}"
            # --- body: long values are truncated in messages
            body contains "<title>Chat</title>"  | PASS | body ("<html><head><title>Chat</title></head><body>Welcome back. Welcome back. Welc...) contains "<title>Chat</title>"
            body contains "Goodbye"              | FAIL | body ("<html><head><title>Chat</title></head><body>Welcome back. Welcome back. Welc...) contains "Goodbye"
            body not contains "Exception"        | PASS | body ("<html><head><title>Chat</title></head><body>Welcome back. Welcome back. Welc...) not contains "Exception"
            body !contains "Exception"           | PASS | body ("<html><head><title>Chat</title></head><body>Welcome back. Welcome back. Welc...) not contains "Exception"
            header.server CONTAINS nginx         | PASS | header.server ("nginx") contains nginx
            json.'key.with.dots' == dotted       | PASS | json.'key.with.dots' ("dotted") == dotted
            json.big > 1e6                       | PASS | json.big (12345678901234567890) > 1e6
            json.user.active == "true"           | PASS | json.user.active (true) == "true"
            tls.protocol != TLSv1.0              | PASS | tls.protocol (TLSv1.3) != TLSv1.0
            # --- durations
            duration < 1s                        | PASS | duration (812ms) < 1s
            duration <= 812ms                    | PASS | duration (812ms) <= 812ms
            duration > 0.5s                      | PASS | duration (812ms) > 0.5s
            duration < 500ms                     | FAIL | duration (812ms) < 500ms
            duration > 1h                        | FAIL | duration (812ms) > 1h
            duration < 500                       | FAIL | duration (812ms) < 500: cannot compare duration with number: give a unit, e.g. 500ms
            # --- certificate and TLS
            cert.daysLeft >= 30                  | PASS | cert.daysLeft (45) >= 30
            CERT.DAYSLEFT > 1                    | PASS | CERT.DAYSLEFT (45) > 1
            cert.daysLeft >= 60                  | FAIL | cert.daysLeft (45) >= 60
            cert.daysLeft > 30d                  | FAIL | cert.daysLeft (45) > 30d: cannot compare number with duration
            cert.notAfter > "2026-12-01T00:00:00Z" | PASS | cert.notAfter (2027-01-10T00:00:00Z) > "2026-12-01T00:00:00Z"
            cert.notAfter > "next year"          | FAIL | cert.notAfter (2027-01-10T00:00:00Z) > "next year": cannot compare time with 'next year': write an ISO-8601 instant such as 2030-01-01T00:00:00Z
            cert.subject == "CN=chat.example.com" | PASS | cert.subject ("CN=chat.example.com") == "CN=chat.example.com"
            tls.protocol >= TLSv1.2              | PASS | tls.protocol (TLSv1.3) >= TLSv1.2
            tls.protocol == "TLSv1.3"            | PASS | tls.protocol (TLSv1.3) == "TLSv1.3"
            tls.protocol in [TLSv1.2, TLSv1.3]   | PASS | tls.protocol (TLSv1.3) in [TLSv1.2, TLSv1.3]
            tls.protocol < TLSv1.2               | FAIL | tls.protocol (TLSv1.3) < TLSv1.2
            tls.protocol == "banana"             | FAIL | tls.protocol (TLSv1.3) == "banana": cannot compare TLS version with string: not a TLS version: 'banana'
            tls.negotiated >= TLSv1.2            | PASS | tls.negotiated ("TLSv1.2") >= TLSv1.2
            tls.negotiated == TLS1.2             | PASS | tls.negotiated ("TLSv1.2") == TLS1.2
            tls.negotiated >= TLSv1.3            | FAIL | tls.negotiated ("TLSv1.2") >= TLSv1.3
            # --- metrics, ordered grades, commands
            metric.http_error_ratio < 0.01       | PASS | metric.http_error_ratio (0.004) < 0.01
            metric.http_error_ratio > 0.01       | FAIL | metric.http_error_ratio (0.004) > 0.01
            metric.up == 1                       | PASS | metric.up (1) == 1
            metric.delta < -1                    | PASS | metric.delta (-5) < -1
            metric.nan < 1                       | FAIL | metric.nan (NaN) < 1: NaN has no order
            grade >= "A-"                        | PASS | grade (A) >= "A-"
            grade < A+                           | PASS | grade (A) < A+
            grade >= "A+"                        | FAIL | grade (A) >= "A+"
            grade == Z                           | FAIL | grade (A) == Z: cannot compare grade with string: not a grade: 'Z'
            exitCode == 0                        | PASS | exitCode (0) == 0
            exitCode != 0                        | FAIL | exitCode (0) != 0
            output matches "(?m)^ready$"         | PASS | output ("starting\\nready\\n") matches "(?m)^ready$"
            output startsWith "error"            | FAIL | output ("starting\\nready\\n") startsWith "error"
            redirects[-1] startsWith "https://"  | PASS | redirects[-1] ("https://chat.example.com/") startsWith "https://"
            count(redirects) <= 2                | PASS | count(redirects) (2) <= 2
            nothing == null                      | PASS | nothing (null) == null
            nothing == 1                         | FAIL | nothing (null) == 1
            nothing < 1                          | FAIL | nothing (null) < 1: cannot compare null with number
            nothing.deeper exists                | FAIL | nothing.deeper (missing) exists
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluates(String text, String verdict, String message) throws Exception {
        Outcome outcome = Expectation.parse(text, Pos.NONE).evaluate(obs);
        assertEquals(message, outcome.message(), "message of: " + text);
        assertEquals(verdict.equals("PASS"), outcome.passed(), () -> text + " -> " + outcome.message());
        assertEquals(text, outcome.expectation());
    }
}
