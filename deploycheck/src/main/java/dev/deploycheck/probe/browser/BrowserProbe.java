package dev.deploycheck.probe.browser;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.http.TlsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code probe: browser} — drives a real headless Chromium (Selenium WebDriver with Debian's chromium and
 * chromium-driver) through an item's steps and observes the page as its users get it: document status, console
 * errors, failed requests, bytes on the wire by type, compression, timings (DOMContentLoaded, load, LCP) and JS
 * heap. The last step's screenshot, and the failing step's, are evidence.
 */
public final class BrowserProbe implements ProbeKind {
    /** The validated parameters of one item: {@code url} becomes a first {@code open} step. */
    record Spec(List<Step> steps, String caFile, boolean insecure, List<String> origins) {}

    @Override
    public String name() {
        return "browser";
    }

    @Override
    public String summary() {
        return "a real headless Chromium: steps (open, fill, click, wait), console errors, failed requests, bytes, timings";
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "steps", "caFile", "insecure", "origins");
    }

    @Override
    public Set<String> facts() {
        return Set.of("browser", "status", "title", "url", "text", "consoleErrors", "failedRequests", "requests", "transferred",
                "uncompressed", "uncached", "unoptimizedImages", "timing", "heap", "steps", "screenshot");
    }

    @Override
    public Limit limit(dev.deploycheck.checklist.Env env) {
        return Browsers.limit(env);
    }

    @Override
    public Probe create(Params params) {
        List<Step> steps = new ArrayList<>();
        params.optString("url").ifPresent(u -> steps.add(new Step(Step.Action.OPEN, u, java.util.Map.of(), null,
                params.pos("url"))));
        steps.addAll(Step.read(params));
        if (steps.isEmpty()) {
            params.error("url", "missing required field 'url' (or 'steps' starting with open)");
        } else if (steps.get(0).action() != Step.Action.OPEN) {
            params.problems().add(steps.get(0).pos(), "the first step must open a page: give 'url' or start with open:",
                    null, 1);
        }
        for (Step s : steps) {
            if (s.action() == Step.Action.OPEN && !(params.validating() && s.target().contains("${"))
                    && !s.target().matches("(?i)https?://\\S+")) {
                params.problems().add(s.pos(), "open needs an http(s) URL, found '" + s.target() + "'", null, 1);
            }
        }
        TlsOptions tls = TlsOptions.read(params);
        Spec spec = new Spec(List.copyOf(steps), tls.caFile(), tls.insecure(), params.strings("origins"));
        return ctx -> new BrowserRun(spec, ctx).run();
    }
}
