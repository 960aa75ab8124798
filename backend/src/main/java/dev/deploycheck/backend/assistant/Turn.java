package dev.deploycheck.backend.assistant;

/** One message of the conversation as the assistant sees it; role is user, assistant or system. */
public record Turn(String role, String content) { }
