package dev.deploycheck.expect;

/** The result of one expectation: the expectation's text, whether it held, and a message with the actual value. */
public record Outcome(String expectation, boolean passed, String message) {}
