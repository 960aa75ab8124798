package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process as a user would; a wrong exit code's message shows stdout and stderr. */
record CliRun(int code, String out, String err) {
    static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), env, false, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    CliRun expect(int expected) {
        assertEquals(expected, code, "exit code\n--- stdout\n" + out + "--- stderr\n" + err);
        return this;
    }
}
