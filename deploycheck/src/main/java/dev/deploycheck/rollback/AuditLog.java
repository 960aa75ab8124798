package dev.deploycheck.rollback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The rollback audit log: one JSON object per line, appended under an exclusive file lock so concurrent writers
 * (two environments rolling back from one checkout) never interleave. Nothing is ever rewritten.
 */
final class AuditLog {
    static final ObjectMapper JSON = new ObjectMapper();

    private AuditLog() {}

    // synchronized: the file lock keeps other processes out, but within one JVM overlapping FileLocks throw
    static synchronized void append(Path file, ObjectNode entry) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock ignored = ch.lock()) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }
}
