package dev.deploycheck.backend.chat;

import java.time.Instant;
import java.util.UUID;

/** A conversation as listed. */
public record Conversation(UUID id, String title, Instant createdAt, Instant updatedAt) { }
