package dev.deploycheck.backend.knowledge;

import java.util.UUID;

/** A passage of the user's knowledge base picked as context for the assistant: its document, plain text and a short excerpt. */
public record Passage(UUID documentId, String title, long chunkId, String text, String excerpt, double rank) { }
