package dev.deploycheck.probe.browser;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.Shown;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** Runs one browser item: starts Chromium, performs the steps, collects the facts, and always ends the browser. */
final class BrowserRun {
    private static final Duration POLL = Duration.ofMillis(100);
    private final BrowserProbe.Spec spec;
    private final ProbeContext ctx;
    private final Observation obs = new Observation();
    private NetworkLog network = new NetworkLog();
    private final List<String> consoleErrors = new ArrayList<>();

    private Duration reserve = Duration.ZERO;

    BrowserRun(BrowserProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    Observation run() throws IOException {
        reserve = reserve(ctx.remaining());
        Browsers.Binaries bin = Browsers.find(ctx.env());
        List<String> spki = new ArrayList<>();
        if (spec.caFile() != null) {
            Set<URI> origins = new LinkedHashSet<>();
            spec.steps().stream().filter(s -> s.action() == Step.Action.OPEN).map(s -> origin(s.target()))
                    .forEach(origins::add);
            spec.origins().forEach(o -> origins.add(origin(o)));
            for (URI o : origins) {
                if ("https".equalsIgnoreCase(o.getScheme()) || "wss".equalsIgnoreCase(o.getScheme())) {
                    spki.add(Spki.verifiedHash(o, ctx.resolve(spec.caFile()), ctx.remaining()));
                }
            }
        }
        return drive(bin, spki);
    }

    private Observation drive(Browsers.Binaries bin, List<String> spki) throws IOException {
        Instant start = Instant.now();
        // a page load that never ends gives up, like every step, with the reserve left for the facts and the browser's end
        try (BrowserSession session = BrowserSession.start(bin, spki, spec.insecure(), ctx.remaining().minus(reserve))) {
            String browser = "Chromium " + version(session);
            obs.fact("browser", browser);
            obs.evidence(browser + " (headless) via " + bin.driver() + " started in "
                    + Durations.format(Duration.between(start, Instant.now())));
            drainLogs(session);
            network = new NetworkLog(); // what the browser did on its own before the first step is not the page's
            consoleErrors.clear();
            int done = 0;
            String failure = null;
            for (int i = 0; i < spec.steps().size(); i++) {
                Step step = spec.steps().get(i);
                Instant t = Instant.now();
                try {
                    perform(session, step);
                    done++;
                    obs.evidence("step " + (i + 1) + " " + step.describe() + ": ok in "
                            + Durations.format(Duration.between(t, Instant.now())));
                } catch (StepFailed | WebDriverException e) {
                    failure = "step " + (i + 1) + " (" + step.describe() + ") at " + step.pos() + ": " + reason(e);
                    screenshot(session, "failed-step-" + (i + 1));
                    break;
                }
            }
            collect(session);
            obs.fact("steps", done);
            if (failure == null) {
                screenshot(session, "last");
            }
            obs.check("steps", failure == null, failure != null ? failure
                    : done + " step(s) in " + Durations.format(Duration.between(start, Instant.now())));
            return obs;
        }
    }

    /**
     * What a step may not wait for: the page's facts, the failing step's screenshot and the browser's end. A tenth
     * of the timeout, at least 1 s (a busy machine's screenshot and quit) and at most 2 s; never over half of it.
     */
    static Duration reserve(Duration total) {
        long tenth = Math.min(2000, Math.max(1000, total.toMillis() / 10));
        return Duration.ofMillis(Math.min(tenth, total.toMillis() / 2));
    }

    private static URI origin(String url) {
        URI u = URI.create(url.trim());
        return URI.create(u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : ""));
    }

    private static String version(BrowserSession s) {
        Object v = s.driver.getCapabilities().getBrowserVersion();
        return v == null ? "?" : v.toString();
    }

    /** A step that did not complete: what was awaited and for how long. */
    private static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message, null, false, false);
        }
    }

    private void perform(BrowserSession s, Step step) throws StepFailed, IOException {
        // a load the step starts (open, or a click that navigates) ends by the item's deadline, less the reserve
        Duration left = ctx.remaining().minus(reserve);
        Duration bound = left.compareTo(Duration.ofMillis(1)) > 0 ? left : Duration.ofMillis(1);
        s.driver.manage().timeouts().pageLoadTimeout(bound).scriptTimeout(bound);
        switch (step.action()) {
            case OPEN:
                s.driver.get(step.target());
                break;
            case FILL:
                for (Map.Entry<String, String> e : step.values().entrySet()) {
                    WebElement el = await("an element matching \"" + e.getKey() + "\"", () -> visible(s, e.getKey()));
                    el.clear();
                    el.sendKeys(e.getValue());
                }
                break;
            case CLICK:
                await("a clickable element matching \"" + step.target() + "\"", () -> {
                    WebElement el = visible(s, step.target());
                    return el != null && el.isEnabled() ? el : null;
                }).click();
                break;
            case WAIT_FOR:
                await("an element matching \"" + step.target() + "\"", () -> visible(s, step.target()));
                break;
            case WAIT_FOR_GONE:
                await("no element matching \"" + step.target() + "\"", () -> visible(s, step.target()) == null ? true : null);
                break;
            case WAIT_FOR_TEXT:
                await("the text \"" + step.target() + "\"" + (step.in() == null ? "" : " in \"" + step.in() + "\""), () -> {
                    WebElement scope = step.in() == null ? first(s, "body") : first(s, step.in());
                    return scope != null && scope.getText().contains(step.target()) ? true : null;
                });
                break;
            case UPLOAD: {
                Path dir = Files.createTempDirectory("deploycheck-upload-");
                Path file = dir.resolve(step.values().get("name"));
                // always unique: a second run must not meet the target's duplicate detection
                String stamp = "Generated " + Instant.now() + " " + UUID.randomUUID();
                String content = step.values().get("content").isEmpty()
                        ? "# deploycheck browser probe\n\n" + stamp + "\n"
                        : step.values().get("content") + "\n\n" + stamp + "\n";
                Files.writeString(file, content, StandardCharsets.UTF_8);
                try {
                    WebElement input = await("a file input matching \"" + step.target() + "\"", () -> first(s, step.target()));
                    input.sendKeys(file.toAbsolutePath().toString());
                } finally {
                    file.toFile().deleteOnExit();
                    dir.toFile().deleteOnExit();
                }
                break;
            }
            case SCREENSHOT:
                screenshot(s, step.target());
                break;
            default:
                throw new IllegalStateException(step.action().name());
        }
        drainLogs(s);
    }

    private <T> T await(String what, Supplier<T> probe) throws StepFailed {
        Instant begin = Instant.now();
        while (true) {
            T v;
            try {
                v = probe.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                v = null; // the page re-rendered under us: look again
            }
            if (v != null) {
                return v;
            }
            Duration left = ctx.remaining().minus(reserve);
            if (left.compareTo(POLL) <= 0) {
                throw new StepFailed("waited " + Durations.format(Duration.between(begin, Instant.now())) + " for " + what
                        + " (the item's timeout)");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted while waiting for " + what);
            }
        }
    }

    private static WebElement visible(BrowserSession s, String selector) {
        for (WebElement e : s.driver.findElements(By.cssSelector(selector))) {
            if (e.isDisplayed()) {
                return e;
            }
        }
        return null;
    }

    private static WebElement first(BrowserSession s, String selector) {
        List<WebElement> all = s.driver.findElements(By.cssSelector(selector));
        return all.isEmpty() ? null : all.get(0);
    }

    private void drainLogs(BrowserSession s) {
        try {
            for (LogEntry e : s.driver.manage().logs().get(LogType.PERFORMANCE)) {
                network.add(e.getMessage());
            }
            for (LogEntry e : s.driver.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    consoleErrors.add(Shown.line(e.getMessage()));
                }
            }
        } catch (WebDriverException e) {
            // a browser that went away mid-step: the step's own failure says so
        }
    }

    @SuppressWarnings("unchecked")
    private void collect(BrowserSession s) {
        drainLogs(s);
        obs.fact("consoleErrors", List.copyOf(consoleErrors));
        obs.fact("failedRequests", network.failed());
        obs.fact("requests", network.count());
        obs.fact("transferred", network.transferred());
        obs.fact("uncompressed", network.uncompressed());
        obs.fact("uncached", network.uncached());
        try {
            JavascriptExecutor js = s.driver;
            Map<String, Object> page = (Map<String, Object>) js.executeAsyncScript(PAGE_FACTS);
            obs.fact("status", page.get("status"));
            obs.fact("title", page.get("title"));
            obs.fact("url", page.get("url"));
            obs.fact("text", cut((String) page.get("text")));
            Map<String, Object> timing = new LinkedHashMap<>();
            putMillis(timing, "domContentLoaded", page.get("dcl"));
            putMillis(timing, "load", page.get("load"));
            putMillis(timing, "lcp", page.get("lcp"));
            obs.fact("timing", timing);
            if (page.get("heap") != null) {
                obs.fact("heap", ((Number) page.get("heap")).longValue());
            }
            List<String> images = new ArrayList<>(network.oldFormatImages());
            for (Object o : (List<Object>) page.getOrDefault("unsized", List.of())) {
                images.add(o + ": no width and height (the layout shifts when it loads)");
            }
            obs.fact("unoptimizedImages", images);
            obs.evidence("page " + page.get("url") + " (status " + page.get("status") + "): " + network.count()
                    + " requests, " + network.transferred().get("total") + " bytes on the wire, "
                    + consoleErrors.size() + " console error(s), " + network.failed().size() + " failed request(s); "
                    + "DOMContentLoaded " + shown(timing.get("domContentLoaded")) + ", load " + shown(timing.get("load"))
                    + ", LCP " + shown(timing.get("lcp")));
        } catch (WebDriverException e) {
            obs.unavailable("status", "the page's facts could not be read: " + reason(e));
        }
        consoleErrors.stream().limit(5).forEach(c -> obs.evidence("console error: " + c));
        network.failed().stream().limit(5).forEach(f -> obs.evidence("failed request: " + f));
    }

    private static String shown(Object d) {
        return d instanceof Duration ? Durations.format((Duration) d) : "?";
    }

    private static void putMillis(Map<String, Object> m, String key, Object v) {
        if (v instanceof Number n && n.doubleValue() > 0) {
            m.put(key, Duration.ofMillis(Math.round(n.doubleValue())));
        }
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() > 65_536 ? s.substring(0, 65_536) : s;
    }

    /** The navigation's status and timings, LCP (buffered entries), heap, title and text; calls back at once. */
    private static final String PAGE_FACTS = String.join("\n",
            "const done = arguments[arguments.length - 1];",
            "const nav = performance.getEntriesByType('navigation')[0] || {};",
            "const facts = {status: nav.responseStatus || null, dcl: nav.domContentLoadedEventEnd || null,",
            "  load: nav.loadEventEnd || null, lcp: null, heap: performance.memory ? performance.memory.usedJSHeapSize : null,",
            "  title: document.title, url: location.href, text: document.body ? document.body.innerText : '',",
            "  unsized: [...document.images].filter(i => !i.getAttribute('width') || !i.getAttribute('height'))",
            "    .map(i => i.currentSrc || i.src)};",
            "try {",
            "  new PerformanceObserver(l => { const e = l.getEntries(); if (e.length) facts.lcp = e[e.length - 1].startTime; })",
            "    .observe({type: 'largest-contentful-paint', buffered: true});",
            "} catch (e) {}",
            "setTimeout(() => done(facts), 50);");

    private void screenshot(BrowserSession s, String name) {
        try {
            byte[] png = s.driver.getScreenshotAs(OutputType.BYTES);
            Path dir = ctx.resolve(".deploycheck/screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(ctx.itemId() + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.write(file, png);
            obs.fact("screenshot", file.toString());
            obs.evidence("screenshot: " + file);
        } catch (IOException | WebDriverException e) {
            obs.evidence("no screenshot: " + reason(e));
        }
    }

    /** WebDriver messages carry build info and stack lines after the first line: the first is the reason. */
    private static String reason(Throwable e) {
        if (e instanceof org.openqa.selenium.TimeoutException) {
            // chromedriver's words ("Timed out receiving message from renderer: -0.001") say nothing to a user
            return "the page did not finish loading within the item's timeout";
        }
        String m = e.getMessage() == null ? "failed" : e.getMessage();
        return Shown.line(m.lines().findFirst().orElse(m).replaceFirst("^(unknown error|no such element): ", ""));
    }
}
