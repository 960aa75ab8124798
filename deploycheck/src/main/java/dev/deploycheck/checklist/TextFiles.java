package dev.deploycheck.checklist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file the user named (a checklist, a profile, an env file, a report, a key) as UTF-8 text: regular
 * files only, so a device or a FIFO is refused before it is opened (reading {@code /dev/zero} never ends; opening
 * a FIFO blocks until a writer comes); the read is bounded before anything is decoded; invalid UTF-8 is reported
 * with its byte offset, line and column instead of the decoder's "Input length = 1".
 */
public final class TextFiles {
    /** Checklists, profiles and env files are hand-written: 4 MiB is far beyond any real one. */
    public static final int CONFIG_LIMIT = 4 << 20;
    /** Reports carry every item's evidence. */
    public static final int REPORT_LIMIT = 64 << 20;

    private TextFiles() {}

    /** Why a file could not be read as text, and where: line 0 when the whole file is at fault. */
    public static final class Unreadable extends Exception {
        private final Pos pos;

        Unreadable(Pos pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }

        public Pos pos() {
            return pos;
        }
    }

    public static String read(Path path, String display, int limit) throws Unreadable {
        Pos whole = new Pos(display, 0, 0);
        if (!Files.exists(path)) {
            throw new Unreadable(whole, "cannot read " + display + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new Unreadable(whole, "cannot read " + display + ": it is a directory");
        }
        if (!Files.isRegularFile(path)) {
            throw new Unreadable(whole, "cannot read " + display + ": not a regular file (a device, FIFO or socket)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return decode(bounded(in, display, limit), display);
        } catch (NoSuchFileException e) {
            throw new Unreadable(whole, "cannot read " + display + ": no such file");
        } catch (AccessDeniedException e) {
            throw new Unreadable(whole, "cannot read " + display + ": permission denied");
        } catch (IOException e) {
            throw new Unreadable(whole, "cannot read " + display + ": " + e.getMessage());
        }
    }

    /** Standard input (or any stream), with the same bound and decoding. */
    public static String read(InputStream in, String display, int limit) throws Unreadable {
        try {
            return decode(bounded(in, display, limit), display);
        } catch (IOException e) {
            throw new Unreadable(new Pos(display, 0, 0), "cannot read " + display + ": " + e.getMessage());
        }
    }

    private static byte[] bounded(InputStream in, String display, int limit) throws IOException, Unreadable {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new Unreadable(new Pos(display, 0, 0), display + " is larger than the "
                    + (limit >> 20) + " MiB limit for this kind of file");
        }
        return bytes;
    }

    static String decode(byte[] bytes, String display) throws Unreadable {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            start = 3; // a UTF-8 byte order mark, as some editors write: not part of the text
        } else if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF
                || (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE)) {
            throw new Unreadable(new Pos(display, 1, 1), display + " is UTF-16 (it starts with a byte order mark):"
                    + " save it as UTF-8");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw invalid(bytes, in.position(), display);
        }
        return out.flip().toString();
    }

    private static Unreadable invalid(byte[] bytes, int offset, String display) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column;
        try {
            column = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(bytes, lineStart, offset - lineStart)).length() + 1;
        } catch (CharacterCodingException e) {
            column = offset - lineStart + 1; // cannot happen: everything before offset decoded
        }
        return new Unreadable(new Pos(display, line, column), String.format(
                "%s is not valid UTF-8: byte 0x%02X at offset %d (line %d, column %d); save it as UTF-8",
                display, bytes[offset] & 0xff, offset, line, column));
    }
}
