package dev.deploycheck.probe.command;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one command: starts it, drains its output into capped buffers, kills its process tree at the deadline. */
final class CommandRun {
    private final CommandProbe.Spec spec;
    private final ProbeContext ctx;

    CommandRun(CommandProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    /** Reads a stream to its end, keeping at most {@code cap} bytes (the rest is drained and counted). */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;

        Drain(InputStream in, int cap, String name) {
            super(name);
            this.in = in;
            this.cap = cap;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    int keep = (int) Math.max(0, Math.min(n, cap - total));
                    kept.write(buf, 0, keep);
                    total += n;
                }
            } catch (IOException ignored) {
                // the process was killed or closed its end: what was read is what there is
            }
        }

        synchronized String text() {
            String s = kept.toString(StandardCharsets.UTF_8).stripTrailing();
            return total > cap ? s + "\n... (" + (total - cap) + " more bytes)" : s;
        }
    }

    Observation run() throws Exception {
        Path dir = spec.cwd() == null ? ctx.baseDir() : ctx.resolve(spec.cwd());
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("working directory " + dir + " does not exist");
        }
        ProcessBuilder pb = new ProcessBuilder(spec.argv()).directory(dir.toFile());
        pb.environment().putAll(ctx.env().values());
        pb.environment().putAll(spec.env());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        String shown = ctx.redactor().mask(display(spec.argv()));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + shown + ": " + e.getMessage(), e);
        }
        Drain out = new Drain(p.getInputStream(), spec.maxOutput(), "deploycheck-stdout-" + ctx.itemId());
        Drain err = new Drain(p.getErrorStream(), spec.maxOutput(), "deploycheck-stderr-" + ctx.itemId());
        out.start();
        err.start();
        boolean finished;
        try {
            finished = p.waitFor(Math.max(1, ctx.remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(p);
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!finished) {
            killTree(p);
            throw new IllegalStateException("command did not finish within " + Durations.format(took)
                    + " and was killed: " + shown);
        }
        // a background grandchild may hold the pipes open: wait briefly, not forever
        out.join(1000);
        err.join(1000);
        String stdout = ctx.redactor().mask(out.text());
        String stderr = ctx.redactor().mask(err.text());
        Observation obs = new Observation()
                .fact("exitCode", p.exitValue())
                .fact("stdout", stdout)
                .fact("stderr", stderr)
                .fact("duration", took);
        obs.evidence("$ " + shown + "  (exit " + p.exitValue() + " in " + Durations.format(took) + ")");
        tail(obs, "stdout", stdout);
        tail(obs, "stderr", stderr);
        return obs;
    }

    private static void tail(Observation obs, String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        List<String> lines = text.lines().toList();
        int from = Math.max(0, lines.size() - 5);
        obs.evidence(name + (from > 0 ? " (last 5 lines)" : "") + ":");
        lines.subList(from, lines.size()).forEach(l -> obs.evidence("  " + l));
    }

    /**
     * Kills the process and every descendant seen a moment before (the parent first, so it cannot start more);
     * without this, children of a shell line would be re-parented and outlive the probe.
     */
    static void killTree(Process p) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(2, TimeUnit.SECONDS);
    }

    private static String display(List<String> argv) {
        if (argv.size() == 3 && argv.get(0).equals("/bin/sh") && argv.get(1).equals("-c")) {
            return argv.get(2);
        }
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            sb.append(sb.length() == 0 ? "" : " ").append(a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
