package dev.deploycheck.checklist;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code run: "a shell line"} whose references are never pasted into the line: each becomes a positional
 * parameter ({@code "${1}"}, quoted for where it stands) and its value is passed to {@code /bin/sh -c} as an
 * argument, so that an {@code &}, {@code ;}, quote or space in a value is data, never shell syntax.
 */
public final class ShellLine implements Variables.Encoder {
    private final List<String> args = new ArrayList<>();

    /** The argv that runs {@code script} with the collected values as {@code $1, $2, ...}. */
    public List<String> argv(String script) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script));
        if (!args.isEmpty()) {
            argv.add("deploycheck"); // $0
            argv.addAll(args);
        }
        return argv;
    }

    @Override
    public String encode(String value, String before, String after) {
        args.add(value);
        String param = "${" + args.size() + "}";
        switch (quoting(before)) {
            case '"': return param; // already inside double quotes: expanded as one word
            case '\'': return "'\"" + param + "\"'"; // leave the single quotes, expand, re-enter them
            default: return '"' + param + '"';
        }
    }

    /** The quote the shell is inside at the end of {@code text}: {@code '}, {@code "} or 0 for none. */
    static char quoting(String text) {
        char in = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (in == '\'') {
                if (c == '\'') {
                    in = 0;
                }
            } else if (c == '\\') {
                i++;
            } else if (c == '"') {
                in = in == '"' ? 0 : '"';
            } else if (c == '\'' && in == 0) {
                in = '\'';
            }
        }
        return in;
    }
}
