package dev.deploycheck.probe.httpsredirect;

import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.http.RequestBody;
import dev.deploycheck.probe.web.WebResponse;
import dev.deploycheck.probe.web.WebTarget;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A redirect chain followed hop by hop with GET (bounded, loops detected). Plain data, so the Observatory
 * redirection rule ({@code headers}) and the {@code https-redirect} checks can be tested without a server.
 *
 * @param hops  every URL requested, the start first; the last hop's status is the final answer unless {@code error}
 * @param error why the chain stopped early: a failed hop after the first (an untrusted certificate on the https
 *              side, say), a loop or too many hops; null when it ended on a non-redirect answer
 * @param loop  a URL came back
 * @param last  the last response received (null in tests that build a chain by hand)
 */
public record RedirectChain(List<Hop> hops, String error, boolean loop, WebResponse last) {
    /** One request of the chain: its URL, the status (-1 when it failed) and the Location it answered. */
    public record Hop(URI url, int status, String location) {}

    public RedirectChain {
        hops = List.copyOf(hops);
    }

    /**
     * Follows redirects from {@code start}. A transport failure on the first request is thrown (the target is
     * down); on a later one it ends the chain with {@code error} set.
     */
    public static RedirectChain follow(WebTarget target, URI start, int maxHops, ProbeContext ctx)
            throws IOException, InterruptedException {
        List<Hop> hops = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        URI current = start;
        WebResponse last = null;
        while (true) {
            seen.add(key(current));
            WebResponse r;
            try {
                r = target.send(ctx, "GET", current, Map.of(), RequestBody.NONE);
            } catch (IOException e) {
                if (hops.isEmpty()) {
                    throw e;
                }
                hops.add(new Hop(current, -1, null));
                return new RedirectChain(hops, e.getMessage(), false, last);
            }
            last = r;
            String location = r.first("Location").orElse(null);
            hops.add(new Hop(current, r.status(), location));
            if (!WebResponse.isRedirect(r.status()) || location == null) {
                return new RedirectChain(hops, null, false, last);
            }
            URI next;
            try {
                next = current.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                return new RedirectChain(hops, "invalid Location '" + location + "'", false, last);
            }
            if (seen.contains(key(next))) {
                return new RedirectChain(hops, "redirect loop back to " + next, true, last);
            }
            if (hops.size() > maxHops) {
                return new RedirectChain(hops, "more than " + maxHops + " redirects", false, last);
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return new RedirectChain(hops, "redirect to a non-HTTP URL " + next, false, last);
            }
            current = next;
        }
    }

    private static String key(URI u) {
        return u.normalize().toString();
    }

    /** Every URL requested, start first. */
    public List<String> urls() {
        return hops.stream().map(h -> h.url().toString()).toList();
    }

    public int firstStatus() {
        return hops.get(0).status();
    }

    /** The first hop's Location resolved against the start URL, or null when it did not redirect. */
    public URI firstTarget() {
        Hop h = hops.get(0);
        if (!WebResponse.isRedirect(h.status()) || h.location() == null) {
            return null;
        }
        try {
            return h.url().resolve(h.location().trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean redirected() {
        return firstTarget() != null;
    }

    /** Redirects followed. */
    public int redirects() {
        return hops.size() - 1;
    }

    public URI finalUrl() {
        return hops.get(hops.size() - 1).url();
    }

    /** The first hop goes to the same host (the port may differ: 80 to 443). */
    public boolean sameHost() {
        URI t = firstTarget();
        return t != null && t.getHost() != null && t.getHost().equalsIgnoreCase(hops.get(0).url().getHost());
    }

    public boolean firstHopToHttps() {
        URI t = firstTarget();
        return t != null && "https".equalsIgnoreCase(t.getScheme());
    }

    /** Ended on an https URL that answered without redirecting further. */
    public boolean endsOnHttps() {
        Hop h = hops.get(hops.size() - 1);
        return error == null && h.status() >= 0 && "https".equalsIgnoreCase(h.url().getScheme());
    }

    /** True when a later hop reached https but failed there (an untrusted certificate, typically). */
    public boolean failedOnHttps() {
        Hop h = hops.get(hops.size() - 1);
        return h.status() < 0 && "https".equalsIgnoreCase(h.url().getScheme());
    }

    /** {@code http://a -> 301 -> https://a/ (200)}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Hop h : hops) {
            if (b.length() > 0) {
                b.append(" -> ");
            }
            b.append(h.url()).append(" (").append(h.status() < 0 ? "failed" : String.valueOf(h.status())).append(')');
        }
        if (error != null) {
            b.append(": ").append(error);
        }
        return b.toString();
    }
}
