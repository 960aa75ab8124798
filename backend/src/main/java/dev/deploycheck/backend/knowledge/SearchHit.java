package dev.deploycheck.backend.knowledge;

import java.util.UUID;

/** One ranked passage: {@code snippet} is HTML-safe, with the matched words in {@code <mark>} tags. */
public record SearchHit(UUID documentId, String title, long chunkId, String snippet, double rank) { }
