package dev.deploycheck.backend.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A secret value whose {@code toString} never reveals it, so it cannot leak into a log line by accident. */
public final class Secret {
    private final byte[] bytes;

    private Secret(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public static Secret ofBytes(byte[] bytes) {
        return new Secret(bytes);
    }

    public static Secret ofString(String value) {
        return new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "***";
    }
}
