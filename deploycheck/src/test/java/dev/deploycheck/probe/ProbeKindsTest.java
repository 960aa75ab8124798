package dev.deploycheck.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of this package is registered and its parameter keys never shadow an item's own keys. */
class ProbeKindsTest {
    // the item's own keys (DESIGN.md): a kind parameter with one of these names could never be written
    private static final Set<String> ITEM_KEYS = Set.of("id", "title", "section", "probe", "expect", "severity",
            "timeout", "retry", "needs", "capture", "tags", "skip");

    @ParameterizedTest
    @ValueSource(strings = {"env", "http", "tls", "tcp", "metrics", "prometheus"})
    void registeredUnderItsYamlName(String name) {
        ProbeKind kind = ProbeKinds.find(name).orElseThrow();
        assertEquals(name, kind.name());
        assertFalse(kind.summary().isBlank());
        assertFalse(kind.facts().isEmpty());
        Set<String> clash = new HashSet<>(kind.keys());
        clash.retainAll(ITEM_KEYS);
        assertTrue(clash.isEmpty(), name + " parameters shadow item keys: " + clash);
        assertEquals(List.of(), List.copyOf(kind.keys()).stream().filter(k -> !k.matches("[a-z][A-Za-z0-9]*")).toList());
    }
}
