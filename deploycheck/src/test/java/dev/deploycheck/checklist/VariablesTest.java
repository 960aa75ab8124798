package dev.deploycheck.checklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariablesTest {
    private final Redactor redactor = new Redactor();
    private final Variables vars = new Variables(Map.of("api", "http://h:1"),
            new Env(Map.of("TOKEN_X", "s3cr3t-value", "PORT", "8080"), Set.of()), redactor);

    @Test
    void expandsEveryNamespace() {
        vars.capture("login", "token", "abc.def");
        assertEquals("http://h:1/x?p=8080&t=abc.def", vars.resolve("${vars.api}/x?p=${env.PORT}&t=${login.token}"));
        assertEquals("fallback", vars.resolve("${env.NOPE:-fallback}"));
        assertEquals("${vars.api}", vars.resolve("$${vars.api}"));
    }

    @Test
    void secretsAreMaskedOnceRead() {
        assertEquals("Bearer s3cr3t-value", vars.resolve("Bearer ${secret.TOKEN_X}"));
        assertEquals("token=" + Redactor.MASK, redactor.mask("token=s3cr3t-value"));
    }

    @Test
    void undefinedNamesTheReference() {
        Variables.UndefinedException e = assertThrows(Variables.UndefinedException.class, () -> vars.resolve("x ${vars.nope}"));
        assertEquals("vars.nope", e.ref().text());
        assertEquals(2, e.ref().offset());
        assertTrue(e.getMessage().contains("undefined variable 'vars.nope'"));
    }
}
