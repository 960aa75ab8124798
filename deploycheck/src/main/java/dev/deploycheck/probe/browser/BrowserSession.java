package dev.deploycheck.probe.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium driven through chromedriver, with its own throw-away profile directory. {@link #close()}
 * ends the browser, the driver process and removes the profile, whatever state they are in; it is safe to call
 * twice and from the shutdown hook.
 */
final class BrowserSession implements AutoCloseable {
    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private volatile boolean closed;

    private BrowserSession(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /**
     * Starts the browser. {@code spkiHashes}: base64 SHA-256 of the public keys the item's {@code caFile} vouched
     * for (Chromium accepts those certificates and no other untrusted one); {@code insecure}: any certificate.
     */
    static BrowserSession start(Browsers.Binaries bin, List<String> spkiHashes, boolean insecure, Duration budget)
            throws IOException {
        // Selenium logs through java.util.logging (a CDP version notice on every start): not the user's output
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.OFF);
        Path profile = Files.createTempDirectory("deploycheck-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(bin.driver().toFile()).usingAnyFreePort().withSilent(true).build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(bin.browser().toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-sync", "--disable-component-update", "--window-size=1280,800", "--user-data-dir=" + profile);
        if (!spkiHashes.isEmpty()) {
            o.addArguments("--ignore-certificate-errors-spki-list=" + String.join(",", spkiHashes));
        }
        o.setAcceptInsecureCerts(insecure);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        o.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, o);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
        BrowserSession s = new BrowserSession(driver, service, profile);
        Browsers.opened(s);
        driver.manage().timeouts().pageLoadTimeout(budget).scriptTimeout(budget);
        return s;
    }

    /** The profile directory: its path is on the browser's command line, so a test can find leftover processes. */
    Path profile() {
        return profile;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // a browser that already died or hangs: the service stop below ends the driver and its children
        } finally {
            service.stop();
            killLeftovers();
            delete(profile);
            Browsers.closed(this);
        }
    }

    /**
     * Whatever still runs with this session's profile on its command line: when the JVM is shutting down (Ctrl-C)
     * quit() may not get through, and chromedriver stopped hard leaves the browser's processes behind.
     */
    private void killLeftovers() {
        String marker = "--user-data-dir=" + profile;
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        // the zygote may fork while we look: list, kill, wait, until nothing with our profile is left
        for (List<ProcessHandle> left = withOnCommandLine(marker); !left.isEmpty() && System.nanoTime() < until;
                left = withOnCommandLine(marker)) {
            left.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : left) {
                try {
                    p.onExit().get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Live processes whose command line contains {@code marker}. On Linux read from /proc directly: Chromium
     * rewrites its helpers' argv in place, and {@code ProcessHandle.Info} gives no command line for them.
     */
    private static List<ProcessHandle> withOnCommandLine(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid() && commandLine(p).contains(marker))
                .toList();
    }

    private static String commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.ISO_8859_1).replace('\0', ' ');
            }
        } catch (IOException e) {
            return "";
        }
        return p.info().commandLine().orElse("");
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail the item
        }
    }
}
