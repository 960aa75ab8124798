package dev.deploycheck.probe.browser;

import dev.deploycheck.checklist.Env;
import dev.deploycheck.probe.ProbeKind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Finds the browser and its driver (Debian's chromium and chromium-driver, or what DEPLOYCHECK_CHROMIUM and
 * DEPLOYCHECK_CHROMEDRIVER name) and keeps the sessions that are open, so that every one is ended: by its item on
 * success, failure and timeout, and by a shutdown hook on Ctrl-C.
 */
final class Browsers {
    static final String INSTALL_HINT = "install it with: apt-get install chromium chromium-driver"
            + " (or set DEPLOYCHECK_CHROMIUM and DEPLOYCHECK_CHROMEDRIVER)";
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Browsers::closeAll, "deploycheck-browsers-stop"));
    }

    private Browsers() {}

    /** A browser that cannot be found is no fact about the target: the item is ERROR with this one line. */
    static final class Unavailable extends IllegalStateException {
        Unavailable(String message) {
            super(message);
        }
    }

    record Binaries(Path browser, Path driver) {}

    static Binaries find(Env env) {
        Path browser = configured(env, "DEPLOYCHECK_CHROMIUM").or(() -> onPath(BROWSERS))
                .orElseThrow(() -> new Unavailable("no Chromium found (looked for " + String.join(", ", BROWSERS)
                        + " on PATH): " + INSTALL_HINT));
        Path driver = configured(env, "DEPLOYCHECK_CHROMEDRIVER").or(() -> onPath(List.of("chromedriver")))
                .or(() -> existing(Path.of("/usr/lib/chromium/chromedriver")))
                .orElseThrow(() -> new Unavailable("no chromedriver found on PATH: " + INSTALL_HINT));
        return new Binaries(browser, driver);
    }

    /** A binary named by the environment must be there: silently using another one would hide the mistake. */
    private static Optional<Path> configured(Env env, String name) {
        Optional<String> v = env.get(name).filter(s -> !s.isBlank());
        if (v.isPresent() && existing(Path.of(v.get())).isEmpty()) {
            throw new Unavailable(name + "=" + v.get() + " is not an executable file: " + INSTALL_HINT);
        }
        return v.map(Path::of);
    }

    private static Optional<Path> existing(Path p) {
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    private static Optional<Path> onPath(List<String> names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * At most this many browsers at once in one process: a Chromium start is a second or two of both cores on a
     * 2-core machine, and five starting together each take five times as long. One per two cores (at least one);
     * {@code DEPLOYCHECK_BROWSERS=N} sets it.
     */
    static int slots(Env env) {
        Optional<String> v = env.get("DEPLOYCHECK_BROWSERS").map(String::trim).filter(x -> x.matches("[1-9][0-9]{0,2}"));
        if (v.isPresent()) {
            return Integer.parseInt(v.get());
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    private static volatile ProbeKind.Limit limit;

    /**
     * The permits the runner takes before a browser item's timeout starts (ProbeKind.limit): sized once per process,
     * by the first browser item's environment.
     */
    static ProbeKind.Limit limit(Env env) {
        ProbeKind.Limit l = limit;
        if (l == null) {
            synchronized (Browsers.class) {
                if (limit == null) {
                    int n = slots(env);
                    limit = new ProbeKind.Limit(new Semaphore(n, true),
                            "a browser (" + n + " at a time: DEPLOYCHECK_BROWSERS)");
                }
                l = limit;
            }
        }
        return l;
    }

    static void opened(AutoCloseable session) {
        OPEN.add(session);
    }

    static void closed(AutoCloseable session) {
        OPEN.remove(session);
    }

    /** Sessions open now (a test counts them, with the processes, after an item ends). */
    static int openCount() {
        return OPEN.size();
    }

    static void closeAll() {
        for (AutoCloseable s : List.copyOf(OPEN)) {
            try {
                s.close();
            } catch (Exception e) {
                // ending everything at exit: one that cannot be ended must not keep the others open
            }
        }
    }
}
