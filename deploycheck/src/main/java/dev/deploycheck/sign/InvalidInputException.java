package dev.deploycheck.sign;

/** A key, envelope or subject that cannot be read or parsed (the CLI maps it to exit code 2). */
public final class InvalidInputException extends Exception {
    public InvalidInputException(String message) {
        super(message);
    }
}
