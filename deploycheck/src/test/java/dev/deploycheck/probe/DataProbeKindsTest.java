package dev.deploycheck.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data kinds are registered under their YAML names and describe themselves. */
class DataProbeKindsTest {
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "redis", "metrics", "load", "command", "file", "attestation"})
    void registered(String name) {
        ProbeKind kind = ProbeKinds.find(name).orElseThrow();
        assertEquals(name, kind.name());
        assertFalse(kind.summary().isBlank());
        assertFalse(kind.keys().isEmpty());
        assertFalse(kind.facts().isEmpty());
        String simple = kind.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        assertTrue(simple.startsWith(name), "class named after the YAML key: " + kind.getClass().getName());
        assertEquals("dev.deploycheck.probe." + name, kind.getClass().getPackageName());
    }
}
