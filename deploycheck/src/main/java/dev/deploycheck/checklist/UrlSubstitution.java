package dev.deploycheck.checklist;

import java.nio.charset.StandardCharsets;

/**
 * Writes a value into a URL where it stands, so that it stays one value: percent-encoded in the query and the
 * fragment (an {@code &} or a space in a token does not split or break the query), in a path (keeping {@code /},
 * so that {@code ${vars.prefix}} may be {@code api/v1}) and in the user-info of the authority (a password with
 * {@code @} or {@code /}). A value that starts the URL, or stands for the host or port, is taken as written: it is
 * a base URL ({@code ${vars.api}/health}) or a host name.
 */
public final class UrlSubstitution implements Variables.Encoder {
    public static final UrlSubstitution INSTANCE = new UrlSubstitution();

    private static final String UNRESERVED = "-._~";
    private static final String PATH_KEEP = "-._~/!$'()*,;=:@";

    private UrlSubstitution() {}

    @Override
    public String encode(String value, String before, String after) {
        int scheme = before.indexOf("://");
        if (before.indexOf('#') >= 0 || before.indexOf('?') >= 0) {
            return percent(value, UNRESERVED);
        }
        if (scheme < 0) {
            return value; // the start of the URL: a base URL or a scheme
        }
        if (before.indexOf('/', scheme + 3) >= 0) {
            return percent(value, PATH_KEEP);
        }
        String authorityRest = after.split("[/?#]", 2)[0];
        if (authorityRest.indexOf('@') >= 0) {
            return percent(value, UNRESERVED); // user or password
        }
        return value; // host or port
    }

    /** RFC 3986 percent-encoding of the UTF-8 bytes of {@code value}, keeping letters, digits and {@code keep}. */
    static String percent(String value, String keep) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || keep.indexOf(c) >= 0)) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
