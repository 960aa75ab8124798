package dev.deploycheck.checklist;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The forms a secret takes when a target echoes it back transformed: the value itself, base64 (standard and
 * URL-safe, padded or not, and the part of it that is the same wherever the secret sits inside a longer encoded
 * value, as the password of a Basic credential does), percent-encoded ({@code %20} or {@code +} for a space, upper
 * or lower case hex), and JSON- and HTML-escaped.
 */
final class SecretForms {
    /** Inner base64 forms shorter than this are not masked: they would match ordinary words. */
    static final int MIN_INNER = 8;

    private SecretForms() {}

    /** Base64 forms of the secret, masked with the whole base64 word around them (its edges hold secret bits). */
    static Set<String> base64(String secret) {
        Set<String> out = new LinkedHashSet<>();
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder enc : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
            out.add(enc.encodeToString(bytes).replace("=", ""));
            for (int offset = 0; offset < 3; offset++) {
                String inner = inner(enc, bytes, offset);
                if (inner.length() >= MIN_INNER) {
                    out.add(inner);
                }
            }
        }
        out.removeIf(f -> f.length() < 4);
        return out;
    }

    static boolean base64Char(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                || c == '-' || c == '_' || c == '=';
    }

    /** The plain and escaped forms of the secret, masked where they stand. */
    static Set<String> of(String secret) {
        Set<String> out = new LinkedHashSet<>();
        out.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        out.add(form);
        out.add(form.replace("+", "%20"));
        out.add(lowerHex(form));
        out.add(lowerHex(form.replace("+", "%20")));
        out.add(json(secret));
        out.add(html(secret));
        out.removeIf(f -> f.length() < 4);
        return out;
    }

    /**
     * The base64 characters that depend on the secret's bytes alone when {@code offset} (0-2) bytes of something
     * else come before it in the encoded value and anything may follow: whole 3-byte groups only.
     */
    private static String inner(Base64.Encoder enc, byte[] secret, int offset) {
        int skip = offset == 0 ? 0 : 3 - offset; // secret bytes that share a group with what comes before
        int whole = (secret.length - skip) / 3 * 3;
        if (whole <= 0) {
            return "";
        }
        byte[] group = new byte[whole];
        System.arraycopy(secret, skip, group, 0, whole);
        return enc.encodeToString(group);
    }

    private static String lowerHex(String percentEncoded) {
        StringBuilder sb = new StringBuilder(percentEncoded);
        for (int i = sb.indexOf("%"); i >= 0 && i + 2 < sb.length(); i = sb.indexOf("%", i + 1)) {
            sb.setCharAt(i + 1, Character.toLowerCase(sb.charAt(i + 1)));
            sb.setCharAt(i + 2, Character.toLowerCase(sb.charAt(i + 2)));
        }
        return sb.toString();
    }

    /** As Jackson writes it inside a JSON string: the form the JSON report and most JSON targets use. */
    private static String json(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
