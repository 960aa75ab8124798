package dev.deploycheck.backend.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The 100,000 most common passwords of SecLists' "10 million password list" (resources/passwords, see the NOTICE
 * there for its source and licence), case-folded, kept as one sorted array (~5 MB) and searched by bisection.
 * Loaded once per process on first use.
 *
 * <p>A breached-password list holds {@code passw0rd} but not every decoration users add to it. As NIST SP 800-63B
 * and ASVS-minded checkers do, a password also counts as common when, case-folded, it is a listed password
 * followed or preceded by digits and symbols only ({@code Passw0rd!!}, {@code Qwerty123!}, {@code P@ssw0rd123},
 * {@code 2024password}), or when it is a keyboard walk ({@link KeyboardWalk}: {@code zaq12wsxcde}).
 */
final class CommonPasswords {
    static final String RESOURCE = "/passwords/common-passwords-100k.txt.gz";

    private static final class Holder {
        static final String[] SORTED = load();
    }

    private CommonPasswords() { }

    /** Loads the list now (at start-up) rather than during the first registration. */
    static void preload() {
        listed("");
    }

    /** Why the password is common, or null when it is not. */
    static String reason(String password) {
        String folded = password.toLowerCase(Locale.ROOT);
        if (listed(folded)) return "it is one of the 100,000 most common passwords";
        String core = stripDecoration(folded);
        if (!core.equals(folded) && !core.isEmpty() && listed(core)) {
            return "it is a common password with digits or symbols added";
        }
        if (KeyboardWalk.is(folded)) return "it is a walk over neighbouring keys of the keyboard";
        return null;
    }

    /** The password without the digits and symbols at its start and end. */
    static String stripDecoration(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && !Character.isLetter(s.charAt(start))) start++;
        while (end > start && !Character.isLetter(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    static boolean listed(String folded) {
        return Arrays.binarySearch(Holder.SORTED, folded) >= 0;
    }

    private static String[] load() {
        try (InputStream raw = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) throw new IllegalStateException("missing resource " + RESOURCE);
            List<String> words = new ArrayList<>(100_000);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isEmpty()) words.add(line.toLowerCase(Locale.ROOT));
                }
            }
            return words.stream().distinct().sorted().toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }
}
