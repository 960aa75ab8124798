package dev.deploycheck.probe.headers;

import dev.deploycheck.probe.httpsredirect.RedirectChain;
import dev.deploycheck.probe.web.WebResponse;
import java.util.List;
import java.util.Map;

/**
 * Everything the grader reads, as plain data: the graded response, the optional CORS preflight sent from
 * {@code foreignOrigin}, and the optional redirect chain from the site's http:// URL.
 *
 * @param response       the graded (final) response; https when its URI is https
 * @param preflight      the OPTIONS answer to a preflight from {@code foreignOrigin}, or null when none was sent
 * @param redirect       the chain from the http:// URL, or null when not tested
 * @param httpRefused    the http:// URL refused connections (no plain HTTP at all: nothing to redirect)
 */
public record Site(WebResponse response, WebResponse preflight, String foreignOrigin, RedirectChain redirect,
        boolean httpRefused) {

    /** A site from a bare response (tests): no preflight, no redirect test. */
    public static Site of(String url, int status, Map<String, List<String>> headers, String body) {
        return new Site(new WebResponse(java.net.URI.create(url), status, headers, body), null, null, null, false);
    }

    public boolean https() {
        return "https".equalsIgnoreCase(response.uri().getScheme());
    }

    public List<String> all(String header) {
        return response.all(header);
    }
}
