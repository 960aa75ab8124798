package dev.deploycheck.probe.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.probe.ProbeKinds;
import dev.deploycheck.testing.TestParams;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameters, the generated document and the multipart body of {@code probe: upload}; the flow runs in e2e. */
class UploadProbeTest {
    private final UploadProbe kind = new UploadProbe();

    @Test
    void registeredUnderItsYamlName() {
        assertEquals(kind.getClass(), ProbeKinds.find("upload").orElseThrow().getClass());
    }

    @Test
    void aChecklistItemWithReferencesValidates() {
        assertEquals(List.of(), TestParams.problems(kind, """
                url: ${vars.api}
                token: ${auth-login.token}
                caFile: ${vars.caFile}
                size: ${env.UPLOAD_SIZE:-2048}
                contentType: text/plain
                cleanup: true
                """));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            url: ws://api                             | 1:6 'url' must be an absolute http:// or https:// URL, found 'ws://api'
            url: https://api;size: 0                  | 2:7 'size' must be a whole number from 1 to 10485760, found '0'
            url: https://api;contentType: markdown    | 2:14 'contentType' must be a media type such as text/markdown, found 'markdown'
            url: https://api;searchPath: api/search   | 2:13 'searchPath' must be a path such as /api/knowledge/search, found 'api/search'
            url: https://api;cleanUp: false           | 2:1 unknown key 'cleanUp'
            """)
    void invalidParametersPointAtTheValue(String yaml, String problem) {
        List<String> problems = TestParams.problems(kind, yaml.replace(";", "\n").replaceAll(" +\n", "\n").strip());
        assertEquals(problem.strip(), problems.isEmpty() ? "" : problems.get(0), problems.toString());
    }

    @Test
    void theDocumentCarriesAUniqueMarkerAndHasTheAskedSize() {
        MarkerDocument a = MarkerDocument.generate("text/markdown", 5000);
        MarkerDocument b = MarkerDocument.generate("text/plain", 10);
        assertTrue(a.marker().matches("dcmarker[0-9a-f]{12}"), a.marker());
        assertNotEquals(a.marker(), b.marker());
        assertEquals(5000, a.content().length);
        assertEquals("deploycheck-" + a.marker() + ".md", a.filename());
        assertEquals("deploycheck-" + b.marker() + ".txt", b.filename());
        String small = new String(b.content(), StandardCharsets.US_ASCII);
        assertTrue(small.contains("Marker: " + b.marker()), "never cut below the marker: " + small);
    }

    @Test
    void multipartBodyFollowsRfc7578() {
        byte[] body = new Multipart("B").field("title", "a \"t\"").file("file", "x.md", "text/markdown",
                "hello".getBytes(StandardCharsets.UTF_8)).body();
        assertEquals("--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na \"t\"\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\nhello\r\n--B--\r\n", new String(body, StandardCharsets.UTF_8));
        assertEquals("multipart/form-data; boundary=B", new Multipart("B").contentType());
    }
}
