package dev.deploycheck.probe.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Env;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.TestParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The env probe over a synthetic environment. */
class EnvProbeTest {
    private static final String JWT = "q8Vt3kZ9wLxP2mN7rB4yH6sD1fG5jK0cA8eU3iO9pT2vX7bM4nQ1zR6wE5tY8uI0";
    private static final Redactor NO_SECRETS = new Redactor();

    private static Observation run(String yaml, Map<String, String> values) throws Exception {
        return run(yaml, new Env(values, Set.of()), new Redactor());
    }

    private static Observation run(String yaml, Env env, Redactor redactor) throws Exception {
        return TestParams.run(new EnvProbe(), yaml, env, redactor, Duration.ofSeconds(1));
    }

    private static List<String> failed(Observation obs) {
        return obs.checks().stream().filter(c -> !c.passed()).map(Observation.Check::name).collect(Collectors.toList());
    }

    @Test
    void allPresentAndReal() throws Exception {
        Observation obs = run("vars: [DATABASE_URL, REDIS_URL]\nformat: url", Map.of(
                "DATABASE_URL", "postgresql://app:Xk29fLq7@db.internal:5432/app", "REDIS_URL", "redis://127.0.0.1:6379"));
        assertEquals(List.of(), failed(obs), obs.checks().toString());
        assertEquals(2, obs.get("present"));
        assertEquals(List.of(), obs.get("missing"));
        assertEquals(List.of(), obs.get("placeholders"));
        assertEquals(List.of("present", "not placeholder", "format"),
                obs.checks().stream().map(Observation.Check::name).collect(Collectors.toList()));
        assertEquals(List.of("DATABASE_URL: 46 chars, valid url", "REDIS_URL: 22 chars, valid url"), obs.evidence());
    }

    @Test
    void missingAndEmptyVariables() throws Exception {
        Observation obs = run("vars: [A, B, C]", Map.of("A", "a-real-value", "B", "  "));
        assertEquals(List.of("B", "C"), obs.get("missing"));
        assertEquals(1, obs.get("present"));
        assertEquals(List.of("present"), failed(obs));
        assertEquals("missing or empty: B, C", obs.checks().get(0).detail());
        assertEquals(List.of("A: 12 chars", "B: empty", "C: not set"), obs.evidence());
    }

    @ParameterizedTest(name = "{0} is a placeholder")
    @CsvSource(delimiter = '|', value = {
        "changeme", "CHANGEME", "change-me", "replace-me", "your-api-key", "your_secret_here", "YOUR-DOMAIN",
        "xxx", "sk-xxxxxxxxxxxxxxxx", "<your token>", "<TOKEN>", "{{ jwt_secret }}", "${JWT_SECRET}", "secret",
        "password", "todo", "TODO: set me", "sk-...", "api.example.com", "admin@example.org", "insert-key-here",
        "postgres://user:password@localhost:5432/app", "123456", "placeholder", "dummy", "'changeme'",
        "please-change-this", "MY_VAR", "fixme later"})
    void placeholders(String value) {
        assertTrue(Placeholders.match("MY_VAR", value).isPresent(), value);
    }

    @ParameterizedTest(name = "{0} looks real")
    @CsvSource(delimiter = '|', value = {
        JWT, "redis://127.0.0.1:6379", "postgresql://app:Xk29fLq7@db.internal:5432/app", "chat.acme.io",
        "sk-proj-4fQ9x2LmN8", "ops@acme.io", "8080", "true", "production", "aXXXb9", "mysql-primary", "my-app.internal"})
    void realValues(String value) {
        assertEquals(Optional.empty(), Placeholders.match("MY_VAR", value), value);
    }

    @Test
    void placeholderEvidenceNamesTheRuleNotTheValue() throws Exception {
        Observation obs = run("vars: [JWT_SECRET, OPENAI_API_KEY]", Map.of("JWT_SECRET", "changeme-please-now",
                "OPENAI_API_KEY", "sk-xxxxxxxxxxxxxxxxxxxxxxxx"));
        assertEquals(List.of("JWT_SECRET", "OPENAI_API_KEY"), obs.get("placeholders"));
        assertEquals(List.of("not placeholder"), failed(obs));
        assertEquals(List.of("JWT_SECRET: 19 chars, placeholder (says change/replace me)",
                "OPENAI_API_KEY: 27 chars, placeholder (a run of x's)"), obs.evidence());
    }

    @Test
    void notPlaceholderCanBeTurnedOff() throws Exception {
        Observation obs = run("vars: [MODE]\nnotPlaceholder: false", Map.of("MODE", "test"));
        assertEquals(List.of(), failed(obs));
        assertEquals(List.of("present"), obs.checks().stream().map(Observation.Check::name).toList());
    }

    @Test
    void weakSecretsByLengthAndEntropy() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JWT_SECRET", JWT);
        env.put("ENCRYPTION_KEY", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        env.put("SESSION_SECRET", "Tr0ub4dor&3");
        Observation obs = run("vars: [JWT_SECRET, ENCRYPTION_KEY, SESSION_SECRET]\nsecret: true\nminLength: 32\n"
                + "minEntropyBits: 128", env);
        assertEquals(List.of("ENCRYPTION_KEY", "SESSION_SECRET"), obs.get("weak"));
        assertEquals(List.of("strength"), failed(obs));
        assertTrue(obs.evidence().get(0).matches("JWT_SECRET: 64 chars, ~\\d{3} bits"), obs.evidence().get(0));
        assertEquals("ENCRYPTION_KEY: 40 chars, ~0 bits, weak (below 128 bits)", obs.evidence().get(1));
        assertTrue(obs.evidence().get(2).startsWith("SESSION_SECRET: 11 chars, ~"), obs.evidence().get(2));
        assertTrue(obs.evidence().get(2).endsWith("weak (shorter than 32, below 128 bits)"), obs.evidence().get(2));
    }

    @Test
    void secretValuesAreRegisteredAndNeverInEvidenceOrChecks() throws Exception {
        Redactor redactor = new Redactor();
        String bad = "hunter2-is-my-password-xxx";
        Observation obs = run("vars: [JWT_SECRET, DB_PASSWORD]\nsecret: true\nminEntropyBits: 100\nformat: base64",
                new Env(Map.of("JWT_SECRET", JWT, "DB_PASSWORD", bad), Set.of("DB_PASSWORD")), redactor);
        String all = obs.evidence() + " " + obs.checks() + " " + obs.facts();
        assertFalse(all.contains(JWT), all);
        assertFalse(all.contains(bad), all);
        assertEquals(Redactor.MASK, redactor.mask(JWT));
        assertEquals(Redactor.MASK, redactor.mask(bad));
        assertTrue(obs.evidence().get(1).contains("from env file"), obs.evidence().get(1));
    }

    @Test
    void nonSecretValuesAreNotRegistered() throws Exception {
        Redactor redactor = new Redactor();
        run("vars: [DOMAIN]", new Env(Map.of("DOMAIN", "chat.acme.io"), Set.of()), redactor);
        assertTrue(redactor.isEmpty());
        assertTrue(NO_SECRETS.isEmpty());
    }

    @ParameterizedTest(name = "{0}: ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "url|https://chat.acme.io/api|",
        "url|redis://127.0.0.1:6379|",
        "url|chat.acme.io|not an absolute URL (no scheme)",
        "url|http://exa mple|not a valid URL (Illegal character in authority at index 7)",
        "email|ops@acme.io|",
        "email|ops@acme|not an email address",
        "port|5432|",
        "port|70000|port 70000 out of range 1-65535",
        "port|http|not a port number",
        "hostname|chat.acme.io|",
        "hostname|-bad-.io|not a valid hostname",
        "hostname|a_b.io|not a valid hostname",
        "int|-3|",
        "bool|yes|",
        "bool|maybe|not a boolean",
        "uuid|123e4567-e89b-12d3-a456-426614174000|",
        "base64:32|q8Vt3kZ9wLxP2mN7rB4yH6sD1fG5jK0cA8eU3iO9pT0=|",
        "base64-32|q8Vt3kZ9wLxP2mN7rB4yH6sD1fG5jK0cA8eU3iO9pT0|",
        "base64:32|q8Vt3kZ9wLxP2mN7rB4yH6sD1fG5jK0c|decodes to 24 bytes, expected 32",
        "base64|not base64!|not base64",
        "base64:16|q8Vt3kZ9wLxP2mN7rB4y-_==|",
        "hex:32|00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff|",
        "hex:32|0011|decodes to 2 bytes, expected 32",
        "hex|xyz|not hex"})
    void formats(String format, String value, String problem) {
        assertEquals(Optional.ofNullable(problem), Formats.problem(format, value));
    }

    @Test
    void formatFailureIsACheckAndAFact() throws Exception {
        Observation obs = run("vars: [SMTP_PORT, ADMIN_EMAIL]\nformat: port", Map.of("SMTP_PORT", "587",
                "ADMIN_EMAIL", "ops@acme.io"));
        assertEquals(List.of("ADMIN_EMAIL"), obs.get("invalid"));
        assertEquals(List.of("format"), failed(obs));
        assertEquals("ADMIN_EMAIL: 11 chars, invalid: not a port number", obs.evidence().get(1));
    }

    @Test
    void patternMustMatchTheWholeValue() throws Exception {
        Observation obs = run("vars: [NODE_ENV]\npattern: 'prod|production'", Map.of("NODE_ENV", "production-ish"));
        assertEquals(List.of("NODE_ENV"), obs.get("invalid"));
        assertEquals(List.of("format"), failed(obs));
    }

    @Test
    void entropyEstimateIsTheLowerOfAlphabetAndShannon() {
        assertEquals(0, Entropy.bits("aaaaaaaa"), 0.001);
        assertEquals(8 * 4, Entropy.alphabetBits("0123abcd"), 0.001);
        assertEquals(8 * 3, Entropy.shannonBits("0123abcd"), 0.001);
        assertEquals(24, Entropy.bits("0123abcd"), 0.001);
        assertTrue(Entropy.bits(JWT) > 300, String.valueOf(Entropy.bits(JWT)));
    }

    @Test
    void validationReportsEveryProblem() {
        assertEquals(List.of("1:1 missing required field 'vars'",
                        "3:12 'minLength' must be a whole number, found 'long'",
                        "1:9 unknown format 'ulr' (did you mean 'url'?); known: "
                                + "[url, email, port, hostname, int, bool, uuid, base64, base64:N, hex, hex:N]",
                        "2:11 'pattern' is not a valid regular expression: Unclosed group"),
                TestParams.problems(new EnvProbe(), "format: ulr\npattern: '(a'\nminLength: long"));
        assertEquals(List.of("1:7 'bad-name' is not a variable name"),
                TestParams.problems(new EnvProbe(), "vars: [bad-name]"));
    }
}
