package dev.deploycheck.backend.knowledge;

import java.time.Instant;
import java.util.UUID;

/** A knowledge document as the API shows it; {@code size} is the uploaded file's size in bytes. */
public record Document(UUID id, String title, String filename, String contentType, long size, String sha256,
                       int chunks, Instant createdAt) { }
