package dev.deploycheck.probe.junit;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one JUnit XML document (Surefire, Failsafe, Gradle, pytest, Jest, GitLab/Jenkins: a {@code <testsuite>} or
 * {@code <testsuites>} root) into its totals. Safe on hostile input: a DOCTYPE is refused before anything in it is
 * read (no DTD, no entities, nothing fetched: XXE and entity bombs cannot happen), elements nest at most
 * {@value #MAX_DEPTH} deep, and the reader stops at the caller's deadline. Anything that is not well-formed
 * (a cut file included) is a {@link Malformed} with its line and column.
 */
final class JunitXml {
    static final int MAX_DEPTH = 64;
    /** Failing test names kept for evidence. */
    static final int MAX_FAILED = 20;

    /** The totals of one document. {@code newest} is the latest suite timestamp, null when no suite has one. */
    record Report(int suites, long tests, long failures, long errors, long skipped, double seconds, Instant newest,
            Set<String> commits, List<String> failed) {}

    /** Why a document is not a JUnit report, and where (line and column 1-based; 0 when unknown). */
    static final class Malformed extends Exception {
        final int line;
        final int column;

        Malformed(int line, int column, String message) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private static final XMLInputFactory FACTORY = factory();

    private static XMLInputFactory factory() {
        // the JDK's own reader, whatever else is on the class path, with every way to reach outside turned off
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** Counts of one {@code <testsuite>} while it is open. */
    private static final class Suite {
        final long[] declared; // tests, failures, errors, skipped from the attributes; -1 when absent
        final double seconds;
        long tests;
        long failures;
        long errors;
        long skipped;
        boolean hasCases;
        boolean hasSuites;

        Suite(long[] declared, double seconds) {
            this.declared = declared;
            this.seconds = seconds;
        }
    }

    private final XMLStreamReader r;
    private final String commitProperty;
    private final Instant deadline;
    private final Deque<Suite> open = new ArrayDeque<>();
    private final Set<String> commits = new LinkedHashSet<>();
    private final List<String> failed = new ArrayList<>();
    private int suites;
    private long tests;
    private long failures;
    private long errors;
    private long skipped;
    private double seconds;
    private Instant newest;
    // the open <testcase>: its name, and what its children said
    private String caseName;
    private boolean caseFailed;
    private boolean caseError;
    private boolean caseSkipped;

    private JunitXml(XMLStreamReader r, String commitProperty, Instant deadline) {
        this.r = r;
        this.commitProperty = commitProperty;
        this.deadline = deadline;
    }

    /** Reads the whole document; the stream is not closed. */
    static Report read(InputStream in, String commitProperty, Instant deadline) throws Malformed {
        XMLStreamReader r;
        try {
            r = FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
        try {
            return new JunitXml(r, commitProperty, deadline).document();
        } catch (XMLStreamException e) {
            throw malformed(e);
        } finally {
            try {
                r.close();
            } catch (XMLStreamException e) {
                // nothing held beyond the caller's stream
            }
        }
    }

    private Report document() throws XMLStreamException, Malformed {
        int depth = 0;
        boolean rootSeen = false;
        long events = 0;
        while (r.hasNext()) {
            int event = r.next();
            if (++events % 4096 == 0 && Instant.now().isAfter(deadline)) {
                throw at("no time left to read the whole report (line " + r.getLocation().getLineNumber() + ")");
            }
            switch (event) {
                case XMLStreamConstants.DTD:
                    throw at("a DOCTYPE is not allowed in a JUnit report (DTDs and entities are refused)");
                case XMLStreamConstants.ENTITY_REFERENCE:
                    throw at("undeclared entity &" + r.getLocalName() + "; (entities are refused)");
                case XMLStreamConstants.START_ELEMENT:
                    if (++depth > MAX_DEPTH) {
                        throw at("elements nest deeper than " + MAX_DEPTH + " levels");
                    }
                    String name = r.getLocalName();
                    if (!rootSeen) {
                        rootSeen = true;
                        if (!name.equals("testsuite") && !name.equals("testsuites")) {
                            throw at("not a JUnit report: the root element is <" + name
                                    + ">, not <testsuite> or <testsuites>");
                        }
                        if (name.equals("testsuites")) {
                            continue;
                        }
                    }
                    start(name);
                    break;
                case XMLStreamConstants.END_ELEMENT:
                    depth--;
                    end(r.getLocalName());
                    break;
                default:
                    break;
            }
        }
        if (!rootSeen) {
            throw at("not a JUnit report: no root element");
        }
        return new Report(suites, tests, failures, errors, skipped, seconds, newest, Set.copyOf(commits),
                List.copyOf(failed));
    }

    private void start(String name) throws Malformed {
        switch (name) {
            case "testsuite":
                if (!open.isEmpty()) {
                    open.peek().hasSuites = true;
                }
                timestamp(r.getAttributeValue(null, "timestamp"));
                open.push(new Suite(new long[] {count("tests"), count("failures"), count("errors"), count("skipped")},
                        decimal("time")));
                break;
            case "testcase":
                String cls = r.getAttributeValue(null, "classname");
                String n = r.getAttributeValue(null, "name");
                caseName = (cls == null || cls.isEmpty() ? "" : cls + ".") + (n == null ? "(unnamed)" : n);
                caseFailed = false;
                caseError = false;
                caseSkipped = false;
                break;
            case "failure":
                caseFailed = caseName != null;
                break;
            case "error":
                caseError = caseName != null;
                break;
            case "skipped":
                caseSkipped = caseName != null;
                break;
            case "property":
                String key = r.getAttributeValue(null, "name");
                String value = r.getAttributeValue(null, "value");
                if (commitProperty != null && commitProperty.equals(key) && value != null && !value.isBlank()) {
                    commits.add(value.strip());
                }
                break;
            default:
                break; // properties, system-out, flakyFailure and rerunFailure (reruns that passed), ...
        }
    }

    private void end(String name) {
        if (name.equals("testcase") && caseName != null) {
            Suite s = open.peek();
            if (s == null) { // a case outside any suite counts on its own
                Suite loose = new Suite(new long[] {-1, -1, -1, -1}, 0);
                count(loose);
                add(loose);
            } else {
                count(s);
            }
            caseName = null;
        } else if (name.equals("testsuite") && !open.isEmpty()) {
            closeSuite();
        }
    }

    private void count(Suite s) {
        s.hasCases = true;
        s.tests++;
        if (caseError || caseFailed) {
            if (caseError) {
                s.errors++;
            } else {
                s.failures++;
            }
            if (failed.size() < MAX_FAILED) {
                failed.add(caseName);
            }
        } else if (caseSkipped) {
            s.skipped++;
        }
    }

    private void closeSuite() {
        Suite s = open.pop();
        if (s.hasSuites && !s.hasCases) {
            return; // its children were counted; its own attributes would count them twice
        }
        add(s);
    }

    private void add(Suite s) {
        suites++;
        seconds += s.hasSuites ? 0 : s.seconds; // a parent's time includes its children's
        if (s.hasCases) {
            tests += s.tests;
            failures += s.failures;
            errors += s.errors;
            skipped += s.skipped;
        } else { // a summary without cases: what it declares
            tests += Math.max(0, s.declared[0]);
            failures += Math.max(0, s.declared[1]);
            errors += Math.max(0, s.declared[2]);
            skipped += Math.max(0, s.declared[3]);
        }
    }

    private long count(String attribute) throws Malformed {
        String v = r.getAttributeValue(null, attribute);
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw at("testsuite " + attribute + "=\"" + cut(v) + "\" is not a count");
    }

    private double decimal(String attribute) throws Malformed {
        String v = r.getAttributeValue(null, attribute);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            // some tools write thousands separators ("1,234.5")
            double d = Double.parseDouble(v.strip().replace(",", ""));
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw at("testsuite " + attribute + "=\"" + cut(v) + "\" is not a number of seconds");
    }

    private void timestamp(String v) throws Malformed {
        if (v == null || v.isBlank()) {
            return;
        }
        Instant t;
        String s = v.strip();
        try {
            t = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                t = LocalDateTime.parse(s).toInstant(ZoneOffset.UTC); // Ant's format: local time, read as UTC
            } catch (DateTimeParseException e) {
                throw at("testsuite timestamp=\"" + cut(v) + "\" is not an ISO date-time");
            }
        }
        if (newest == null || t.isAfter(newest)) {
            newest = t;
        }
    }

    private Malformed at(String message) {
        Location l = r.getLocation();
        return new Malformed(l == null ? 0 : l.getLineNumber(), l == null ? 0 : l.getColumnNumber(), message);
    }

    private static String cut(String v) {
        return v.length() <= 40 ? v : v.substring(0, 37) + "...";
    }

    /** The parser's words without its "ParseError at [row,col]:" prefix, positioned. */
    private static Malformed malformed(XMLStreamException e) {
        Location l = e.getLocation();
        String m = e.getMessage() == null ? "not well-formed" : e.getMessage();
        int i = m.indexOf("Message: ");
        if (i >= 0) {
            m = m.substring(i + "Message: ".length());
        }
        return new Malformed(l == null ? 0 : l.getLineNumber(), l == null ? 0 : l.getColumnNumber(),
                "malformed XML: " + m.strip());
    }
}
