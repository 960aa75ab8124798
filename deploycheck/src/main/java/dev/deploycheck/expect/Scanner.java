package dev.deploycheck.expect;

/**
 * A cursor over an expectation's text shared by the path, operator and literal parsers, so that every error
 * carries an offset into the original text (the loader turns it into a caret).
 */
final class Scanner {
    final String text;
    int at;

    Scanner(String text, int at) {
        this.text = text;
        this.at = at;
    }

    boolean atEnd() {
        return at >= text.length();
    }

    char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    char peek(int ahead) {
        int i = at + ahead;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    /** The rest of the text from the cursor, without trailing space (for "unexpected ..." errors). */
    String rest() {
        return text.substring(at).stripTrailing();
    }

    ExpectationSyntaxException error(String message, int offset, int width, String hint) {
        return new ExpectationSyntaxException(message, offset, Math.max(1, width), hint);
    }

    /** Characters allowed in an unquoted path segment: header and metric names included. */
    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ':' || c == '@' || c == '$';
    }

    /**
     * Reads a quoted string at the cursor ({@code "..."} or {@code '...'}). Escapes: \" \' \\ \n \r \t \/ and
     * \\uXXXX; any other backslash is kept as written, so regexes such as {@code "^v\d+$"} need no doubling.
     */
    String quoted() throws ExpectationSyntaxException {
        int start = at;
        char quote = text.charAt(at++);
        StringBuilder sb = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == quote) {
                at++;
                return sb.toString();
            }
            if (c == '\\' && at + 1 < text.length()) {
                char n = text.charAt(at + 1);
                switch (n) {
                    case '"': case '\'': case '\\': case '/': sb.append(n); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        String hex = at + 6 <= text.length() ? text.substring(at + 2, at + 6) : "";
                        if (!hex.matches("[0-9a-fA-F]{4}")) {
                            throw error("bad unicode escape in string", at, Math.min(6, text.length() - at),
                                    "write \\u followed by 4 hex digits, e.g. \\u00e9");
                        }
                        sb.append((char) Integer.parseInt(hex, 16));
                        at += 4;
                        break;
                    default: sb.append(c).append(n);
                }
                at += 2;
                continue;
            }
            sb.append(c);
            at++;
        }
        throw error("unterminated string", start, text.length() - start, "close it with " + quote);
    }
}
