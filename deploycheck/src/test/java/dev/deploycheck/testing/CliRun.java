package dev.deploycheck.testing;

import dev.deploycheck.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process and keeps stdout, stderr and the exit code; failing asserts print all three. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), env, false, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public String describe() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
