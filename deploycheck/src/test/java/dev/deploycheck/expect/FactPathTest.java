package dev.deploycheck.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.deploycheck.probe.Observation;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Paths as {@code capture:} uses them: the value a later item receives, or nothing. */
class FactPathTest {
    private static Observation obs;

    @BeforeAll
    static void observe() throws Exception {
        obs = Fixtures.observation();
    }

    static Stream<Arguments> paths() {
        return Fixtures.table("""
            json.accessToken            | eyJhbGciOiJIUzI1NiJ9.e30.sig
            json.user.roles[1]          | user
            json.user.age               | 41
            json.user.active            | true
            json["key.with.dots"]       | dotted
            header.content-type         | application/json; charset=utf-8
            status                      | 200
            tls.protocol                | TLSv1.3
            count(json.items)           | 3
            json.user.nickname          | <none>
            json.user.missing           | <none>
            json.items[3]               | <none>
            status.code                 | <none>
            count(status)               | <none>
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void resolves(String path, String expected) throws Exception {
        Optional<Object> value = FactPath.parse(path).resolve(obs);
        assertEquals(expected, value.map(String::valueOf).orElse("<none>"));
    }

    @Test
    void jsonScalarsAreUnwrappedToJava() throws Exception {
        assertEquals(String.class, FactPath.parse("json.user.email").resolve(obs).orElseThrow().getClass());
        assertEquals(Long.class, FactPath.parse("json.user.age").resolve(obs).orElseThrow().getClass());
        assertEquals(Boolean.class, FactPath.parse("json.user.active").resolve(obs).orElseThrow().getClass());
    }

    @Test
    void recordsExposeTheirComponents() throws Exception {
        record Chain(int length, String issuer) {}
        Observation o = new Observation().fact("chain", new Chain(3, "Test CA"));
        assertEquals(Optional.of("Test CA"), FactPath.parse("chain.issuer").resolve(o));
        assertEquals(Optional.of(3), FactPath.parse("chain.length").resolve(o));
    }

    @Test
    void textIsKeptAsWritten() throws Exception {
        assertEquals("json['user'].roles[0]", FactPath.parse("json['user'].roles[0]").text());
    }

    @Test
    void trailingTextIsAnError() {
        ExpectationSyntaxException e = assertThrows(ExpectationSyntaxException.class,
                () -> FactPath.parse("json.access token"));
        assertEquals("unexpected 'token' after the path", e.getMessage());
        assertEquals(12, e.offset());
        assertEquals(5, e.width());
    }

    @Test
    void emptyPathIsAnError() {
        ExpectationSyntaxException e = assertThrows(ExpectationSyntaxException.class, () -> FactPath.parse(""));
        assertEquals("empty path", e.getMessage());
    }
}
