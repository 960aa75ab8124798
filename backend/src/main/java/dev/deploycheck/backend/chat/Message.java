package dev.deploycheck.backend.chat;

import java.time.Instant;

/** One stored message; role is user, assistant or system. */
public record Message(long id, String role, String content, Instant createdAt) { }
