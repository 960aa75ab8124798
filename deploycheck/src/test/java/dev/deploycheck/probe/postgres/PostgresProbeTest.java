package dev.deploycheck.probe.postgres;

import static dev.deploycheck.testing.DataProbeFixtures.check;
import static dev.deploycheck.testing.DataProbeFixtures.context;
import static dev.deploycheck.testing.DataProbeFixtures.fact;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.testing.TestServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The postgres probe against a real (embedded) PostgreSQL with a hand-made Flyway history. */
class PostgresProbeTest {
    private static final PostgresProbe KIND = new PostgresProbe();

    @BeforeAll
    static void schema() throws Exception {
        try (Connection c = TestServices.superuserToApp(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS flyway_schema_history, history_with_failure, users");
            String ddl = "(installed_rank int PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL,"
                    + " type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum int,"
                    + " installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),"
                    + " execution_time int NOT NULL, success boolean NOT NULL)";
            s.execute("CREATE TABLE flyway_schema_history " + ddl);
            s.execute("CREATE TABLE history_with_failure " + ddl);
            String rows = "(1,'1','init','SQL','V1__init.sql',1,'app',now(),5,true),"
                    + "(2,'2','users','SQL','V2__users.sql',2,'app',now(),5,true),"
                    + "(3,'10','later','SQL','V10__later.sql',3,'app',now(),5,true),"
                    + "(4,'9','nine','SQL','V9__nine.sql',4,'app',now(),5,true),"
                    + "(5,NULL,'views','SQL','R__views.sql',5,'app',now(),5,true)";
            s.execute("INSERT INTO flyway_schema_history VALUES " + rows);
            s.execute("INSERT INTO history_with_failure VALUES " + rows
                    + ",(6,'11','broken','SQL','V11__broken.sql',6,'app',now(),5,false)");
            s.execute("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)");
            s.execute("CREATE UNIQUE INDEX users_email_idx ON users (email)");
            s.execute("INSERT INTO users (email) VALUES ('a@example.org'), ('b@example.org'), ('c@example.org')");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO app");
        }
    }

    private static String url() {
        return TestServices.postgresUrl(TestServices.APP_PASSWORD);
    }

    @Test
    void connectsAndObservesServerConnectionsAndLatency() throws Exception {
        Observation obs = run(KIND, "url: " + url());
        assertTrue(fact(obs, "server.version").toString().matches("\\d+\\.\\d+.*"), obs.facts().toString());
        int max = (Integer) fact(obs, "connections.max");
        int used = (Integer) fact(obs, "connections.used");
        assertTrue(max >= 10 && used >= 1 && used <= max, obs.facts().toString());
        assertEquals(1.0 - (double) used / max, (Double) fact(obs, "pool.headroom"), 1e-9);
        Duration latency = assertInstanceOf(Duration.class, obs.get("latency"));
        assertTrue(latency.toMillis() < 5000);
        assertFalse(String.join("\n", obs.evidence()).contains(TestServices.APP_PASSWORD), obs.evidence().toString());
        assertTrue(obs.evidence().get(0).contains("app:****@127.0.0.1"), obs.evidence().toString());
    }

    @Test
    void queryGivesRowsAndFirstValue() throws Exception {
        Observation obs = run(KIND, "url: " + url() + "\nquery: SELECT count(*) FROM users");
        assertEquals(1, obs.get("rows"));
        assertEquals(3L, obs.get("value"));
        Observation emails = run(KIND, "url: " + url() + "\nquery: SELECT email FROM users ORDER BY email");
        assertEquals(3, emails.get("rows"));
        assertEquals("a@example.org", emails.get("value"));
    }

    @Test
    void queryRunsReadOnly() {
        Exception e = assertThrows(Exception.class,
                () -> run(KIND, "url: " + url() + "\nquery: DELETE FROM users"));
        assertTrue(e.getMessage().startsWith("query failed:"), e.getMessage());
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }

    @Test
    void jdbcUrlWithUserAndPasswordParameters() throws Exception {
        int port = TestServices.postgres().getPort();
        Observation obs = run(KIND, "url: jdbc:postgresql://127.0.0.1:" + port + "/app\nuser: app\npassword: "
                + TestServices.APP_PASSWORD + "\nquery: SELECT 1");
        assertEquals(1L, ((Number) obs.get("value")).longValue());
    }

    @Test
    void migrationsAtExpectedVersionComparedNumerically() throws Exception {
        Observation obs = run(KIND, "url: " + url() + "\nmigrations: {version: '10'}");
        assertEquals("10", fact(obs, "migrations.version"), obs.facts().toString());
        assertEquals(0, fact(obs, "migrations.failed"));
        assertEquals(4, fact(obs, "migrations.applied"));
        assertEquals(false, fact(obs, "migrations.pending"));
        assertTrue(check(obs, "migrations.version").passed());
        assertTrue(check(obs, "migrations.failed").passed());
    }

    @Test
    void pendingMigrationFailsTheBuiltInCheck() throws Exception {
        Observation obs = run(KIND, "url: " + url() + "\nmigrations: {version: '12'}");
        assertEquals(true, fact(obs, "migrations.pending"));
        assertFalse(check(obs, "migrations.version").passed());
        assertEquals("latest applied 10, expected 12", check(obs, "migrations.version").detail());
    }

    @Test
    void failedMigrationIsCounted() throws Exception {
        Observation obs = run(KIND, "url: " + url() + "\nmigrations: {table: history_with_failure}");
        assertEquals("10", fact(obs, "migrations.version"));
        assertEquals(1, fact(obs, "migrations.failed"));
        assertFalse(check(obs, "migrations.failed").passed());
        assertEquals("failed migration(s): 11", check(obs, "migrations.failed").detail());
        assertEquals(null, check(obs, "migrations.version"), "no expected version, no version check");
    }

    @Test
    void missingHistoryTableFailsTheCheck() throws Exception {
        Observation obs = run(KIND, "url: " + url() + "\nmigrations: {table: no_such_history}");
        assertFalse(check(obs, "migrations.table").passed());
        assertEquals(0, fact(obs, "migrations.applied"));
    }

    @Test
    void missingIndexesAreListed() throws Exception {
        Observation obs = run(KIND, "url: " + url() + "\nindexes: [users_email_idx, public.users_pkey, idx_messages_conv]");
        assertEquals(List.of("idx_messages_conv"), fact(obs, "indexes.missing"));
        assertEquals(List.of("users_email_idx", "public.users_pkey"), fact(obs, "indexes.present"));
        assertFalse(check(obs, "indexes").passed());
        assertEquals("missing index(es): idx_messages_conv", check(obs, "indexes").detail());

        Observation ok = run(KIND, "url: " + url() + "\nindexes: users_email_idx");
        assertTrue(check(ok, "indexes").passed());
        assertEquals(List.of(), fact(ok, "indexes.missing"));
    }

    @Test
    void wrongPasswordIsReportedWithoutThePassword() {
        String wrong = "not-the-Pa55word";
        Exception e = assertThrows(Exception.class, () -> run(KIND, "url: " + TestServices.postgresUrl(wrong)));
        assertTrue(e.getMessage().contains("password authentication failed for user \"app\""), e.getMessage());
        assertTrue(e.getMessage().contains("postgres://app:****@127.0.0.1:"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
    }

    @Test
    void passwordFromSecretIsRegisteredWithTheRedactor() throws Exception {
        Redactor redactor = new Redactor();
        ProbeContext ctx = context(Path.of("."), Duration.ofSeconds(10),
                Map.of("DB_PASSWORD", TestServices.APP_PASSWORD), redactor);
        int port = TestServices.postgres().getPort();
        run(KIND, "url: postgres://app:${secret.DB_PASSWORD}@127.0.0.1:" + port + "/app", ctx);
        assertEquals("pw=********", redactor.mask("pw=" + TestServices.APP_PASSWORD));
    }

    @Test
    void connectionRefusedIsAClearError() throws Exception {
        int port = TestServices.freePort();
        Exception e = assertThrows(Exception.class,
                () -> run(KIND, "url: postgres://app:secretpw@127.0.0.1:" + port + "/app"));
        assertTrue(e.getMessage().startsWith("PostgreSQL at postgres://app:****@127.0.0.1:" + port + "/app: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void silentServerIsCutOffAtTheDeadline() throws Exception {
        try (java.net.ServerSocket blackHole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            Exception e = assertThrows(Exception.class, () -> run(KIND,
                    "url: postgres://app:pw12345@127.0.0.1:" + blackHole.getLocalPort() + "/app",
                    context(Path.of("."), Duration.ofMillis(1500), Map.of(), new Redactor())));
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(ms < 2500, ms + "ms");
            assertTrue(e.getMessage().startsWith("PostgreSQL at postgres://app:****@127.0.0.1:"), e.getMessage());
        }
    }

    @Test
    void validationPointsAtBadParameters() {
        assertEquals(List.of("1:6 'url' is not a PostgreSQL URL: expected postgres://user:password@host:port/db"
                        + " or jdbc:postgresql://host:port/db"),
                problems(KIND, "url: mysql://x/y"));
        assertEquals(List.of("2:22 'table' must be a table name such as flyway_schema_history or schema.table"),
                problems(KIND, "url: postgres://h/db\nmigrations: {table: 'x; drop table y'}"));
        assertEquals(List.of("2:14 unknown key 'versoin'"),
                problems(KIND, "url: postgres://h/db\nmigrations: {versoin: '3'}"));
        assertEquals(List.of(), problems(KIND, "url: ${env.DATABASE_URL}\nmigrations: {version: '7'}"));
    }

    @Test
    void urlForms() {
        PostgresUrl u = PostgresUrl.parse("postgres://app:p%40ss@db.internal:6543/chat?sslmode=require");
        assertEquals("jdbc:postgresql://db.internal:6543/chat?sslmode=require", u.jdbcUrl());
        assertEquals("app", u.user());
        assertEquals("p@ss", u.password());
        assertEquals("postgres://app:****@db.internal:6543/chat?sslmode=require", u.display());
        PostgresUrl j = PostgresUrl.parse("jdbc:postgresql://h/db?user=u&password=pw&sslmode=disable");
        assertEquals("jdbc:postgresql://h/db?sslmode=disable", j.jdbcUrl());
        assertEquals("pw", j.password());
        assertEquals("jdbc:postgresql://h/db?user=u&password=****&sslmode=disable", j.display());
        assertEquals("jdbc:postgresql://h:5432/db", PostgresUrl.parse("postgresql://h/db").jdbcUrl());
    }
}
