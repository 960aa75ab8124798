package dev.deploycheck.probe.httpsredirect;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.web.WebTarget;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code probe: https-redirect} — plain HTTP must answer with a redirect (301/302/307/308) to HTTPS on the same host,
 * and the chain must end on HTTPS. The chain is followed hop by hop (at most {@code maxHops}, loops detected).
 */
public final class HttpsRedirectProbe implements ProbeKind {
    static final int MAX_HOPS_LIMIT = 20;

    /** The validated parameters of one item. */
    public record Spec(WebTarget target, int maxHops) {}

    @Override
    public String name() {
        return "https-redirect";
    }

    @Override
    public String summary() {
        return "plain HTTP redirects to HTTPS on the same host and the chain ends on HTTPS";
    }

    @Override
    public Set<String> keys() {
        Set<String> k = new HashSet<>(WebTarget.KEYS);
        k.add("maxHops");
        return k;
    }

    @Override
    public Set<String> facts() {
        return Set.of("status", "location", "chain", "finalUrl", "finalStatus", "sameHost", "endsOnHttps", "hops",
                "error");
    }

    @Override
    public Probe create(Params params) {
        WebTarget target = WebTarget.read(params);
        if (target.url() != null && !"http".equalsIgnoreCase(target.url().getScheme())) {
            params.error("url", "'url' must be a plain http:// URL (the one that should redirect), found '"
                    + target.url() + "'");
        }
        int maxHops = params.integer("maxHops", 10);
        if (maxHops < 1 || maxHops > MAX_HOPS_LIMIT) {
            params.error("maxHops", "'maxHops' must be between 1 and " + MAX_HOPS_LIMIT + ", found " + maxHops);
        }
        Spec spec = new Spec(target, Math.max(1, Math.min(maxHops, MAX_HOPS_LIMIT)));
        return ctx -> run(spec, ctx);
    }

    static Observation run(Spec spec, ProbeContext ctx) throws Exception {
        RedirectChain chain = RedirectChain.follow(spec.target(), spec.target().url(), spec.maxHops(), ctx);
        return observe(chain);
    }

    /** Facts and built-in checks of a followed chain. */
    static Observation observe(RedirectChain chain) {
        Observation obs = new Observation();
        URI first = chain.firstTarget();
        obs.fact("status", chain.firstStatus());
        obs.fact("location", first == null ? null : first.toString());
        obs.fact("chain", chain.urls());
        obs.fact("finalUrl", chain.finalUrl().toString());
        obs.fact("finalStatus", chain.hops().get(chain.hops().size() - 1).status());
        obs.fact("sameHost", chain.sameHost());
        obs.fact("endsOnHttps", chain.endsOnHttps());
        obs.fact("hops", chain.redirects());
        obs.fact("error", chain.error());
        chain.hops().forEach(h -> obs.evidence("GET " + h.url() + " -> "
                + (h.status() < 0 ? "failed" : h.status() + (h.location() == null ? "" : " Location: " + h.location()))));
        if (chain.error() != null) {
            obs.evidence("stopped: " + chain.error());
        }
        String firstDetail;
        boolean firstOk;
        if (first == null) {
            firstOk = false;
            firstDetail = "status (" + chain.firstStatus() + ") is not a redirect to https";
        } else if (chain.firstStatus() == 303) {
            firstOk = false;
            firstDetail = "status (303) should be 301, 302, 307 or 308 to " + first;
        } else if (!chain.firstHopToHttps()) {
            firstOk = false;
            firstDetail = "first hop goes to " + first + ", not https";
        } else if (!chain.sameHost()) {
            firstOk = false;
            firstDetail = "first hop leaves the host: " + first;
        } else {
            firstOk = true;
            firstDetail = chain.firstStatus() + " to " + first;
        }
        obs.check("redirects to https on the same host", firstOk, firstDetail);
        obs.check("ends on https", chain.endsOnHttps(), chain.endsOnHttps()
                ? "ends on " + chain.finalUrl() + " (" + chain.hops().get(chain.hops().size() - 1).status() + ")"
                : "chain " + chain.describe());
        return obs;
    }
}
