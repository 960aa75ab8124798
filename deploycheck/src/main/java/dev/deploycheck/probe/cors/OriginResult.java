package dev.deploycheck.probe.cors;

import dev.deploycheck.probe.web.WebResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one origin got: the preflight's answer and the simple request's answer, and the verdicts a browser would
 * reach. Pure: built from two responses, so the rules can be table-tested.
 *
 * @param origin             the Origin sent
 * @param method             the method the preflight asked for
 * @param preflightStatus    status of the OPTIONS preflight
 * @param preflightOrigin    its Access-Control-Allow-Origin (null when absent)
 * @param preflightCredentials its Access-Control-Allow-Credentials is {@code true}
 * @param allowMethods       its Access-Control-Allow-Methods, upper case
 * @param status             status of the simple GET sent with the Origin
 * @param allowOrigin        the GET's Access-Control-Allow-Origin (null when absent)
 * @param allowCredentials   the GET's Access-Control-Allow-Credentials is {@code true}
 */
public record OriginResult(String origin, String method, int preflightStatus, String preflightOrigin,
        boolean preflightCredentials, List<String> allowMethods, int status, String allowOrigin,
        boolean allowCredentials) {
    private static final List<String> SIMPLE_METHODS = List.of("GET", "HEAD", "POST");

    public static OriginResult of(String origin, String method, WebResponse preflight, WebResponse get) {
        List<String> methods = preflight.all("Access-Control-Allow-Methods").stream()
                .flatMap(v -> List.of(v.split(",")).stream()).map(s -> s.trim().toUpperCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).toList();
        return new OriginResult(origin, method, preflight.status(), acao(preflight), creds(preflight), methods,
                get.status(), acao(get), creds(get));
    }

    private static String acao(WebResponse r) {
        return r.first("Access-Control-Allow-Origin").map(String::trim).orElse(null);
    }

    private static boolean creds(WebResponse r) {
        return r.first("Access-Control-Allow-Credentials").map(s -> s.trim().equalsIgnoreCase("true")).orElse(false);
    }

    /** Either answer echoes this exact origin. */
    public boolean reflected() {
        return origin.equalsIgnoreCase(nz(preflightOrigin)) || origin.equalsIgnoreCase(nz(allowOrigin));
    }

    /** Either answer allows any origin ({@code *}). */
    public boolean wildcard() {
        return "*".equals(preflightOrigin) || "*".equals(allowOrigin);
    }

    /** Credentials allowed together with this origin or {@code *} on either answer. */
    public boolean credentials() {
        return (preflightCredentials && matches(preflightOrigin)) || (allowCredentials && matches(allowOrigin));
    }

    /**
     * A browser would let a page from this origin send the request: the preflight answered 2xx, allowed the origin
     * (exactly or {@code *}) and the method (a simple method needs no listing).
     */
    public boolean allowed() {
        boolean okStatus = preflightStatus >= 200 && preflightStatus < 300;
        boolean methodOk = SIMPLE_METHODS.contains(method) || allowMethods.contains(method)
                || allowMethods.contains("*");
        return okStatus && matches(preflightOrigin) && methodOk;
    }

    /** The hostile-origin verdict: not reflected, and not {@code *} with credentials. */
    public boolean hostileRejected() {
        return !reflected() && !(wildcard() && credentials());
    }

    private boolean matches(String acao) {
        return "*".equals(acao) || origin.equalsIgnoreCase(nz(acao));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** As a fact: every field plus the verdicts. */
    public Map<String, Object> asFact() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin", origin);
        m.put("allowed", allowed());
        m.put("reflected", reflected());
        m.put("wildcard", wildcard());
        m.put("allowOrigin", preflightOrigin != null ? preflightOrigin : allowOrigin);
        m.put("allowCredentials", preflightCredentials || allowCredentials);
        m.put("preflightStatus", preflightStatus);
        m.put("preflightAllowOrigin", preflightOrigin);
        m.put("allowMethods", allowMethods);
        m.put("status", status);
        m.put("getAllowOrigin", allowOrigin);
        return m;
    }

    /** {@code https://evil.example: preflight 204 ACAO=https://evil.example ACAC=true; GET 200 ACAO=-}. */
    public String line() {
        return origin + ": preflight " + method + " " + preflightStatus + " Access-Control-Allow-Origin="
                + dash(preflightOrigin) + (preflightCredentials ? " +credentials" : "")
                + (allowMethods.isEmpty() ? "" : " methods=" + String.join(",", allowMethods))
                + "; GET " + status + " Access-Control-Allow-Origin=" + dash(allowOrigin)
                + (allowCredentials ? " +credentials" : "");
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
