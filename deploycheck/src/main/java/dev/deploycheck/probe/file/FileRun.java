package dev.deploycheck.probe.file;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Looks at one file on the local disk: the adapter of the file probe. */
final class FileRun {
    private final FileProbe.Spec spec;
    private final ProbeContext ctx;

    FileRun(FileProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    Observation run() throws Exception {
        Observation obs = new Observation();
        Optional<Path> target;
        if (spec.glob() != null) {
            List<Path> matches = Glob.find(ctx.resolve("."), spec.glob());
            obs.fact("matches", matches.size());
            target = matches.stream().max(Comparator.comparing(FileRun::modified));
            obs.evidence(matches.size() + " file(s) match " + spec.glob()
                    + target.map(p -> ", newest " + ctx.baseDir().relativize(p)).orElse(""));
        } else {
            target = Optional.of(ctx.resolve(spec.path()));
        }
        if (target.isEmpty() || !Files.exists(target.get())) {
            obs.fact("exists", false);
            obs.evidence(target.map(p -> p + " does not exist").orElse("no file matches " + spec.glob()));
            return obs;
        }
        Path file = target.get();
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        Instant modified = attrs.lastModifiedTime().toInstant();
        Duration age = Duration.between(modified, Instant.now());
        obs.fact("exists", true).fact("path", file.toString()).fact("size", attrs.size())
                .fact("modified", modified).fact("age", age);
        obs.evidence(file + ": " + attrs.size() + " bytes, modified " + modified + " (" + Durations.format(age)
                + " ago)");
        if (attrs.isRegularFile()) {
            contents(file, obs);
            if (spec.hash()) {
                obs.fact("sha256", sha256(file));
            }
        }
        return obs;
    }

    private void contents(Path file, Observation obs) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(spec.maxContents());
        }
        Optional<String> text = utf8(head);
        if (text.isPresent()) {
            obs.fact("contents", ctx.redactor().mask(text.get()));
        } else {
            obs.evidence("binary content: no 'contents' fact");
        }
    }

    /** The bytes as UTF-8 text, allowing a character cut at the cap; empty for binary data. */
    static Optional<String> utf8(byte[] bytes) {
        for (int cut = 0; cut <= Math.min(3, bytes.length); cut++) {
            byte[] b = cut == 0 ? bytes : Arrays.copyOf(bytes, bytes.length - cut);
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
                return s.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(s);
            } catch (CharacterCodingException e) {
                // try again without a possibly cut last character
            }
        }
        return Optional.empty();
    }

    private String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                if (ctx.remaining().isZero()) {
                    throw new IllegalStateException("no time left to hash " + file + " (set hash: false for large files)");
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
