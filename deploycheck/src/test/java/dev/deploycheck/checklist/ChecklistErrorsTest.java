package dev.deploycheck.checklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of checklist mistake, each with its message and exact line:column. */
class ChecklistErrorsTest {
    @TempDir
    Path dir;

    private static final String HEAD = "version: 1\nsections:\n  - name: S\n    items:\n";
    private static final String PROFILE = "name: test\nvars:\n  api: http://127.0.0.1:1\n";

    private LoadException fail(String items, String profile) throws IOException {
        Path c = dir.resolve("checklist.yaml");
        Path p = dir.resolve("profile.yaml");
        Files.writeString(c, HEAD + items);
        Files.writeString(p, profile);
        return assertThrows(LoadException.class, () -> ChecklistLoader.load(c, p, Map.of("HOME_X", "1"), new Redactor()));
    }

    private static String items(String s) {
        return s.replace("|", "\n");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = ';', textBlock = """
      - id: a|        title: T|        probe: htpp|        url: http://x ; unknown probe kind 'htpp' ; 7:16 ; did you mean 'http'?
      - id: a|        titel: T|        probe: http|        url: http://x ; unknown key 'titel' for probe kind 'http' ; 6:9 ; did you mean 'title'?
      - title: T|        probe: http|        url: http://x ; missing required field 'id' ; 5:9 ;
      - id: a|        probe: http|        url: http://x ; missing required field 'title' ; 5:9 ;
      - id: a|        title: T ; missing required field 'probe' ; 5:9 ;
      - id: a|        title: T|        probe: http|        url: http://x|        timeout: 5x ; invalid duration '5x' ; 9:18 ;
      - id: a|        title: T|        probe: http|        url: http://x|      - id: a|        title: U|        probe: http|        url: http://y ; duplicate id 'a' ; 9:13 ; first defined at
      - id: a|        title: T|        probe: http|        url: http://x|        needs: [b] ; 'needs' names an unknown item 'b' ; 9:17 ;
      - id: a|        title: T|        probe: http|        url: ${vars.nope}/x ; undefined variable 'vars.nope' ; 8:14 ;
      - id: a|        title: T|        probe: http|        url: ${env.NOT_SET_ANYWHERE} ; undefined variable 'env.NOT_SET_ANYWHERE' ; 8:14 ; give a default
      - id: a|        title: T|        probe: http|        url: http://x|        severity: critcal ; invalid severity 'critcal' ; 9:19 ; did you mean 'critical'?
      - id: a|        title: T|        probe: http|        url: http://x|        retry: {attempts: 0} ; attempts must be a whole number from 1 to 100, found '0' ; 9:27 ;
      - id: Bad Id|        title: T|        probe: http|        url: http://x ; invalid id 'Bad Id' ; 5:13 ;
      - id: a|        title: T|        probe: http|        url: http://x|        expect:|          - status: 200 ; an expectation is a string ; 10:13 ;
      - id: a|        title: T|        probe: http|        url: http://x|        expect: ['staus == 200'] ; unknown fact 'staus' ; 9:19 ; did you mean 'status'?
      - id: a|        title: T|        probe: http|        url: http://x|        expect: ['status == 200 or staus == 204'] ; unknown fact 'staus' ; 9:36 ; did you mean 'status'?
      - id: a|        title: T|        probe: http|        url: http://x|        title: U ; duplicate key 'title' ; 9:9 ;
      - id: a|        title: T|        probe: http ; missing required field 'url' ; 5:9 ;
      - id: a|        title: T|        probe: tcp|        host: 127.0.0.1|        port: eighty ; 'port' must be a whole number ; 9:15 ;
      - id: a|        title: T|        probe: http|        url: ${b.token}|      - id: b|        title: U|        probe: http|        url: http://x ; item 'b' captures no 'token' ; 8:14 ;
      - id: a|        title: T|        probe: http|        url: ${b.token}|      - id: b|        title: U|        probe: http|        url: http://x|        capture: {token: json.token} ; uses a capture of 'b' but does not need it ; 8:14 ; add 'b' to its 'needs'
      - id: a|        title: T|        probe: http|        url: ${nobody.token} ; unknown variable namespace or item 'nobody' ; 8:14 ;
      - id: a|        title: T|        probe: http|        url: http://x|        needs: [b]|      - id: b|        title: U|        probe: http|        url: http://x|        needs: [a] ; dependency cycle: a -> b -> a ; 5:13 ;
      - id: a|        title: T|        probe: http|        url: http://x|        after: [b]|      - id: b|        title: U|        probe: http|        url: http://x|        needs: [a] ; dependency cycle: a -> b -> a ; 5:13 ;
      - id: a|        title: T|        probe: http|        url: http://x|        after: [nope] ; 'after' names an unknown item 'nope' ; 9:17 ;
      - id: a|        title: T|        probe: http|        url: ${vars.api ; unterminated reference '${vars.api': no closing '}' ; 8:14 ; write ${vars.name}
      - id: a|        title: T|        probe: http|        url: http://x/${api}/y ; malformed reference '${api}' ; 8:23 ; $${ is a literal
      - id: a|        title: T|        probe: http|        url: http://x|        timeout: 0s ; timeout must be above 0 and at most 1h, found '0s' ; 9:18 ;
      - id: a|        title: T|        probe: http|        url: http://x|        retry: {attempts: 1000000000, interval: 0ms} ; attempts must be a whole number from 1 to 100, found '1000000000' ; 9:27 ;
      - id: a|        title: T|        probe: http|        url: http://x|        retry: 1000 ; retry must be a number of attempts from 1 to 100 or {attempts, interval}, found '1000' ; 9:16 ;
      - id: a|        title: T|        probe: http|        url: http://x|        capture: {tok: jsn.token} ; unknown fact 'jsn' for probe kind 'http' ; 9:24 ; did you mean 'json'?
      - id: a|        title: T|        probe: tcp|        host: 127.0.0.1|        port: 99999999999999999999 ; 'port' must be a whole number from 1 to 65535, found '99999999999999999999' ; 9:15 ;
      """)
    void reportsItemMistakes(String yaml, String message, String lineCol, String hint) throws IOException {
        LoadException e = fail("      " + items(yaml), PROFILE);
        String all = e.problems().stream().map(p -> p.pos().line() + ":" + p.pos().column() + " " + p.message()
                + " | " + p.hint()).collect(Collectors.joining("\n"));
        Problem p = e.problems().stream().filter(x -> x.message().contains(message.trim())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem containing '" + message + "' in:\n" + all));
        assertEquals(lineCol.trim(), p.pos().line() + ":" + p.pos().column(), all);
        if (hint != null) {
            assertTrue(p.hint() != null && p.hint().contains(hint.trim()), "hint of " + all);
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = ';', textBlock = """
      name: x|nmae: y ; unknown profile key 'nmae' ; 2:1 ; did you mean 'name'?
      skip:|  nope: not here ; profile skips an unknown item 'nope' ; 2:3 ;
      envFile: missing.env ; env file not found ; 1:10 ;
      vars:|  api: ${env.API ; unterminated reference '${env.API': no closing '}' ; 2:8 ;
      vars:|  api: ${env.NOT_SET_ANYWHERE} ; undefined variable 'env.NOT_SET_ANYWHERE' ; 2:8 ;
      rollback:|  timeout: 5m ; missing required field 'command' ; 2:3 ;
      """)
    void reportsProfileMistakes(String yaml, String message, String lineCol, String hint) throws IOException {
        LoadException e = fail("      - id: a\n        title: T\n        probe: http\n        url: http://x\n", items(yaml));
        String all = e.problems().stream().map(p -> p.pos() + " " + p.message()).collect(Collectors.joining("\n"));
        Problem p = e.problems().stream().filter(x -> x.message().contains(message.trim())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem containing '" + message + "' in:\n" + all));
        assertEquals("profile.yaml", Path.of(p.pos().file()).getFileName().toString());
        assertEquals(lineCol.trim(), p.pos().line() + ":" + p.pos().column(), all);
        if (hint != null) {
            assertTrue(p.hint() != null && p.hint().contains(hint.trim()), all);
        }
    }

    @Test
    void reportsEveryErrorAtOnceWithCarets() throws IOException {
        LoadException e = fail("      " + items("- id: a|        title: T|        probe: htpp|      - id: b|        titel: U|        probe: http|        url: http://x|        timeout: soon"), PROFILE);
        assertEquals(4, e.problems().size(), e.render());
        String text = e.render();
        assertTrue(text.contains("error: unknown probe kind 'htpp'\n --> " + dir.resolve("checklist.yaml") + ":7:16\n  |\n7 |         probe: htpp\n  |                ^^^^ did you mean 'http'?"), text);
        assertTrue(text.contains("^^^^^ did you mean 'title'?"), text);
        assertTrue(text.endsWith("4 errors\n"), text);
    }

    @Test
    void invalidYamlPointsAtTheProblem() throws IOException {
        LoadException e = fail("      - id: a\n        title: [unclosed\n", PROFILE);
        Problem p = e.problems().get(0);
        assertTrue(p.message().startsWith("invalid YAML"), p.message());
        assertEquals("checklist.yaml", Path.of(p.pos().file()).getFileName().toString());
        assertTrue(p.pos().line() >= 6, p.pos().toString());
    }

    @Test
    void unknownTopLevelKeySuggests() throws IOException {
        Path c = dir.resolve("checklist.yaml");
        Path p = dir.resolve("profile.yaml");
        Files.writeString(c, "version: 1\nsectons: []\n");
        Files.writeString(p, PROFILE);
        LoadException e = assertThrows(LoadException.class, () -> ChecklistLoader.load(c, p, Map.of(), new Redactor()));
        assertTrue(e.render().contains("unknown top-level key 'sectons'"), e.render());
        assertTrue(e.render().contains("did you mean 'sections'?"), e.render());
        assertTrue(e.render().contains("missing required field 'sections'"), e.render());
    }

    @Test
    void missingFileIsAProblemNotACrash() {
        LoadException e = assertThrows(LoadException.class, () -> ChecklistLoader.load(dir.resolve("none.yaml"),
                dir.resolve("nope.yaml"), Map.of(), new Redactor()));
        assertTrue(e.render().contains("cannot read"), e.render());
        assertTrue(e.render().contains("no such file"), e.render());
    }

    @Test
    void aMissingVersionIsAnError() throws IOException {
        Path c = dir.resolve("checklist.yaml");
        Path p = dir.resolve("profile.yaml");
        Files.writeString(c, HEAD.substring("version: 1\n".length()) + "      - id: a\n        title: T\n        probe: http\n        url: http://x\n");
        Files.writeString(p, PROFILE);
        LoadException e = assertThrows(LoadException.class, () -> ChecklistLoader.load(c, p, Map.of(), new Redactor()));
        assertEquals(1, e.problems().size(), e.render());
        assertEquals("missing required field 'version'", e.problems().get(0).message());
        assertEquals("1:1", e.problems().get(0).pos().line() + ":" + e.problems().get(0).pos().column());
    }

    @Test
    void aMissingProfileIsTheOnlyErrorNotOneUndefinedVariablePerReference() throws IOException {
        Path c = dir.resolve("checklist.yaml");
        Files.writeString(c, HEAD + "      - id: a\n        title: T\n        probe: http\n        url: ${vars.api}/a\n"
                + "        headers: {Authorization: 'Bearer ${secret.TOKEN}'}\n"
                + "      - id: b\n        title: U\n        probe: http\n        url: ${vars.api}/b\n        needs: [nope]\n");
        LoadException e = assertThrows(LoadException.class, () -> ChecklistLoader.load(c, dir.resolve("prod.yaml"),
                Map.of(), new Redactor()));
        String all = e.render();
        assertEquals(2, e.problems().size(), all);
        assertTrue(e.problems().get(0).message().endsWith("prod.yaml: no such file"), all);
        // what is wrong with the checklist itself is still said
        assertEquals("'needs' names an unknown item 'nope'", e.problems().get(1).message(), all);
    }

    /** Files a user names are read bounded, as regular files only, and decoded with a position on failure. */
    @Test
    void aDeviceIsRefusedBeforeItIsRead() {
        LoadException e = assertThrows(LoadException.class, () -> ChecklistLoader.load(Path.of("/dev/zero"),
                writeProfile(), Map.of(), new Redactor()));
        assertEquals(1, e.problems().size(), e.render());
        assertEquals("cannot read /dev/zero: not a regular file (a device, FIFO or socket)",
                e.problems().get(0).message());
        assertTrue(e.render().contains(" --> /dev/zero\n"), e.render());
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("checklist.yaml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        LoadException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> assertThrows(
                LoadException.class, () -> ChecklistLoader.load(fifo, writeProfile(), Map.of(), new Redactor())));
        assertTrue(e.problems().get(0).message().endsWith("not a regular file (a device, FIFO or socket)"), e.render());
    }

    @Test
    void aFileOverTheLimitIsRefusedWithoutReadingIt() throws IOException {
        Path c = dir.resolve("checklist.yaml");
        try (var ch = java.nio.channels.FileChannel.open(c, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), TextFiles.CONFIG_LIMIT); // sparse: limit + 1 bytes
        }
        LoadException e = assertThrows(LoadException.class, () -> ChecklistLoader.load(c, writeProfile(), Map.of(),
                new Redactor()));
        assertTrue(e.problems().get(0).message().endsWith("is larger than the 4 MiB limit for this kind of file"),
                e.render());
    }

    @Test
    void invalidUtf8NamesTheByteAndItsPlace() throws IOException {
        Path c = dir.resolve("checklist.yaml");
        byte[] head = (HEAD + "      - id: a\n        title: Caf").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + 1);
        all[head.length] = (byte) 0xE9; // Latin-1 e-acute
        Files.write(c, all);
        LoadException e = assertThrows(LoadException.class, () -> ChecklistLoader.load(c, writeProfile(), Map.of(),
                new Redactor()));
        Problem p = e.problems().get(0);
        assertEquals(c + " is not valid UTF-8: byte 0xE9 at offset " + head.length
                + " (line 6, column 19); save it as UTF-8", p.message(), e.render());
        assertEquals("6:19", p.pos().line() + ":" + p.pos().column());
        assertFalse(e.render().contains("Input length"), e.render());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheText() throws Exception {
        Path c = dir.resolve("checklist.yaml");
        byte[] text = (HEAD + "      - id: a\n        title: T\n        probe: http\n        url: http://x\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[text.length + 3];
        all[0] = (byte) 0xEF;
        all[1] = (byte) 0xBB;
        all[2] = (byte) 0xBF;
        System.arraycopy(text, 0, all, 3, text.length);
        Files.write(c, all);
        assertEquals("a", ChecklistLoader.load(c, writeProfile(), Map.of(), new Redactor()).items().get(0).id());
        Files.write(c, new byte[] {(byte) 0xFF, (byte) 0xFE, 'v', 0});
        LoadException e = assertThrows(LoadException.class, () -> ChecklistLoader.load(c, writeProfile(), Map.of(),
                new Redactor()));
        assertTrue(e.problems().get(0).message().endsWith("is UTF-16 (it starts with a byte order mark): save it as UTF-8"),
                e.render());
    }

    private Path writeProfile() throws IOException {
        Path p = dir.resolve("profile.yaml");
        Files.writeString(p, PROFILE);
        return p;
    }
}
