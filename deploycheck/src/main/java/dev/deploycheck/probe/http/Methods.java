package dev.deploycheck.probe.http;

import dev.deploycheck.checklist.Params;
import java.util.Locale;

/** The {@code method} parameter every HTTP-speaking kind reads: upper-cased, letters only. */
public final class Methods {
    private Methods() {}

    public static String read(Params params, String fallback) {
        String method = params.string("method", fallback).trim().toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]+")) {
            params.error("method", "'method' must be an HTTP method such as GET or POST, found '" + method + "'");
        }
        return method;
    }
}
