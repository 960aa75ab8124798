package dev.deploycheck.backend.auth;

import java.time.Instant;
import java.util.UUID;

/** An account as the API shows it (the password hash never leaves {@link UserRepository}). */
public record User(UUID id, String email, String displayName, Instant createdAt) { }
