package dev.deploycheck.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A browser item's screenshot as a {@code data:} URI for the HTML report: only a regular file (no link) named
 * {@code *.png} in a {@code screenshots} directory that starts with the PNG signature, at most 8 MiB. Anything else
 * (moved, deleted, not a screenshot) is left out rather than linked.
 */
final class Screenshots {
    static final long MAX_BYTES = 8L << 20;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Screenshots() {}

    static Optional<String> dataUri(String file) {
        try {
            if (file.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            Path p = Path.of(file);
            Path parent = p.getParent();
            if (!p.getFileName().toString().endsWith(".png") || parent == null
                    || !parent.getFileName().toString().equals("screenshots")
                    || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > MAX_BYTES) {
                return Optional.empty();
            }
            byte[] png;
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                png = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (png.length > MAX_BYTES || png.length < PNG.length || !Arrays.equals(png, 0, PNG.length, PNG, 0, PNG.length)) {
                return Optional.empty();
            }
            return Optional.of("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
