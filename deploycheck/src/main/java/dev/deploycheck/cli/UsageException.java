package dev.deploycheck.cli;

/** Invalid usage found after parsing (an unknown format, mismatched --format/--output): exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
