package dev.deploycheck.rollback;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the rollback action: a shell line ({@code /bin/sh -c}) in the checklist's directory with the caller's
 * environment, its output (stdout and stderr merged) passed on line by line as it comes. At the timeout the whole
 * process tree is killed, children first, as the command probe does (probe/command/CommandRun).
 */
final class ActionRun {
    /** The exit code (empty when killed at the timeout) and how long it ran. */
    record Result(Optional<Integer> exitCode, Duration duration, boolean timedOut) {}

    private ActionRun() {}

    static Result run(String command, Path workDir, Map<String, String> env, Duration timeout, Consumer<String> output)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.accept(line);
                }
            } catch (IOException ignored) {
                // killed, or a grandchild closed the pipe: what was read is what there is
            }
        }, "deploycheck-rollback-output");
        drain.setDaemon(true);
        drain.start();
        boolean finished;
        try {
            finished = p.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(p);
            throw e;
        }
        if (!finished) {
            killTree(p);
        }
        // a background grandchild may hold the pipe open: wait briefly, not forever
        drain.join(1000);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return finished ? new Result(Optional.of(p.exitValue()), took, false) : new Result(Optional.empty(), took, true);
    }

    /** Kills the children first (they would be re-parented and survive otherwise), then the process. */
    private static void killTree(Process p) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
        for (ProcessHandle h : tree) {
            h.onExit().completeOnTimeout(h, 2, TimeUnit.SECONDS).join();
        }
    }
}
