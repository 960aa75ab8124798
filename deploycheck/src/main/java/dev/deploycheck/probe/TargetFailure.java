package dev.deploycheck.probe;

import java.io.IOException;

/**
 * A fact about the target a probe has already put in words ("Redis at redis://db:6379 timed out after 3s",
 * "metrics line 2 is not valid exposition: ..."): the item FAILs with exactly this message.
 */
public final class TargetFailure extends IOException {
    public TargetFailure(String message) {
        super(message);
    }

    public TargetFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
