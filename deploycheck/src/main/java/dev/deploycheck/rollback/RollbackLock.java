package dev.deploycheck.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploycheck.run.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A lock file that keeps two rollbacks of one environment from running at once. Created atomically; it names its
 * holder (user, host, pid, since) so the second caller can say who holds it. A lock left by a process that no
 * longer runs on this host is taken over; one from another host is not (its pid cannot be checked from here).
 */
final class RollbackLock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    private RollbackLock(Path file) {
        this.file = file;
    }

    static RollbackLock acquire(Path file, Operator me, String env, Instant now, Consumer<String> notes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ObjectNode holder = JSON.createObjectNode().put("user", me.user()).put("host", me.host()).put("pid", me.pid())
                .put("since", now.toString()).put("env", env);
        for (int attempt = 0; ; attempt++) {
            try {
                Files.write(file, JSON.writeValueAsBytes(holder), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new RollbackLock(file);
            } catch (FileAlreadyExistsException e) {
                JsonNode held = read(file);
                if (attempt == 0 && stale(held, me)) {
                    notes.accept("taking over a stale rollback lock: " + describe(held) + " no longer runs");
                    Files.deleteIfExists(file);
                    continue;
                }
                throw new RollbackException(ExitCodes.ROLLBACK_FAILED, "another rollback of '" + env + "' is running: "
                        + describe(held) + " (lock " + file + "; delete it only if that rollback is gone)");
            }
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode(); // being written or damaged: holder unknown, never treated as stale
        }
    }

    private static boolean stale(JsonNode held, Operator me) {
        if (!held.hasNonNull("pid") || !me.host().equals(held.path("host").asText())) {
            return false;
        }
        return ProcessHandle.of(held.get("pid").asLong()).map(h -> !h.isAlive()).orElse(true);
    }

    static String describe(JsonNode held) {
        if (!held.has("user")) {
            return "an unknown holder";
        }
        return "user " + held.path("user").asText() + " on host " + held.path("host").asText() + ", pid "
                + held.path("pid").asText() + ", since " + held.path("since").asText();
    }
}
