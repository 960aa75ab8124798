package dev.deploycheck.monitoring;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool of the Prometheus stack (promtool, amtool) found on the PATH. Missing, a test is skipped
 * with the way to install it, unless DEPLOYCHECK_REQUIRE_PROMETHEUS is set (scripts/test.sh sets it once it has
 * installed Debian's prometheus package): then a missing tool fails the test.
 */
record Tool(Path path) {
    static final Path MONITORING = Path.of(System.getProperty("monitoring.dir", ".")).toAbsolutePath().normalize();

    static Tool require(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return new Tool(p);
            }
        }
        String hint = name + " is not installed: apt-get install -y " + debianPackage + " (scripts/test.sh does it as root)";
        if (System.getenv("DEPLOYCHECK_REQUIRE_PROMETHEUS") != null) {
            fail(hint);
        }
        Assumptions.abort(hint);
        return null;
    }

    /** Runs the tool in monitoring/ and returns its output; fails the test with that output unless it exits 0. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(path.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
