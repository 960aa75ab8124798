package dev.deploycheck.probe.http;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.ProbeContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Set;

/**
 * The {@code caFile} / {@code insecure} parameters every HTTP-speaking kind shares. An empty {@code caFile}
 * (e.g. {@code ${env.TLS_CA_FILE:-}}) means the JDK trust store.
 */
public record TlsOptions(String caFile, boolean insecure) {
    public static final Set<String> KEYS = Set.of("caFile", "insecure");

    public static TlsOptions read(Params params) {
        String caFile = params.optString("caFile").filter(s -> !s.isBlank()).orElse(null);
        boolean insecure = params.bool("insecure", false);
        if (caFile != null && insecure) {
            params.error("insecure", "'insecure: true' and 'caFile' exclude each other: insecure trusts any chain");
        }
        return new TlsOptions(caFile, insecure && caFile == null);
    }

    /** A shared client for these options (cached per configuration by {@link HttpClients}). */
    public HttpClient client(ProbeContext ctx, HttpClient.Redirect redirect, HttpClient.Version version) throws IOException {
        return HttpClients.get(new HttpClients.Config(caFile == null ? null : ctx.resolve(caFile), insecure, redirect,
                version));
    }
}
