package io.octaneroutes.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

import io.octaneroutes.it.TestDatabase;

/**
 * Flyway owns the schema, on H2 and PostgreSQL alike: a new database gets every version; a
 * second start applies nothing; a database created by octane-routes before Flyway (its tables,
 * no history) is baselined and keeps its rows; a database with tables that are not ours is
 * refused, never changed.
 */
@ParameterizedClass(name = "on {0}")
@FieldSource("io.octaneroutes.it.TestDatabase#VENDORS")
class SchemaMigrationTest {
    private final TestDatabase db;

    SchemaMigrationTest(String vendor) throws Exception {
        this.db = TestDatabase.fresh(vendor, "schema");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aNewDatabaseGetsEveryVersionAndASecondStartAppliesNothing() throws Exception {
        DataSource ds = db.pool("schema");
        long t0 = System.nanoTime();
        MigrateResult first = Schema.migrate(ds);
        long firstMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(SHIPPED).startsWith("1", "1.1", "2");
        assertThat(first.migrationsExecuted).isEqualTo(SHIPPED.size());
        assertThat(versions(ds)).containsExactlyElementsOf(SHIPPED);
        for (String table : List.of("octane_request", "octane_step", "octane_order", "octane_rate_budget", "octane_rate_slot",
                "qrtz_locks", "qrtz_triggers", "qrtz_fired_triggers", "qrtz_scheduler_state", "octane_file_lock", "octane_file_lock_guard")) {
            assertThat(Schema.tableExists(ds, table)).as(table).isTrue();
        }
        t0 = System.nanoTime();
        MigrateResult second = Schema.migrate(ds);
        long secondMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(second.migrationsExecuted).isZero();
        System.out.printf("MIGRATION %s fresh_ms=%d up_to_date_ms=%d%n", db.vendor(), firstMillis, secondMillis);
    }

    @Test
    void aDatabaseCreatedBeforeFlywayIsBaselinedAndKeepsItsRows() throws Exception {
        DataSource ds = db.pool("upgrade");
        createAsBeforeFlyway(ds, true);
        // a request journaled by the earlier code, with its columns only
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO octane_request (request_id, flow, status, intake, params, state, created_at, updated_at)"
                    + " VALUES ('old-1', 'mobile.activate.new-msn.esim', 'ACCEPTED', 'file', '{\"custNo\":1}', '{\"ids\":{}}', 1, 1)");
        }
        Journal journal = new Journal(ds, new ObjectMapper());

        MigrateResult result = Schema.migrate(ds);

        assertThat(result.migrationsExecuted).as("only what came after the old schema").isEqualTo(SHIPPED.size() - 2);
        assertThat(versions(ds)).containsExactlyElementsOf(SHIPPED.subList(1, SHIPPED.size()));
        assertThat(journal.find("old-1")).as("the request journaled before the upgrade").isPresent();
        assertThat(Schema.tableExists(ds, "octane_rate_slot")).isTrue();
        assertThat(Schema.migrate(ds).migrationsExecuted).as("the next start").isZero();
    }

    @Test
    void aJournalWithoutQuartzTablesIsBaselinedAtOneAndGetsThem() throws Exception {
        DataSource ds = db.pool("half");
        createAsBeforeFlyway(ds, false);
        MigrateResult result = Schema.migrate(ds);
        assertThat(result.migrationsExecuted).isEqualTo(SHIPPED.size() - 1);
        assertThat(versions(ds)).containsExactlyElementsOf(SHIPPED);
        assertThat(Schema.tableExists(ds, "qrtz_locks")).isTrue();
    }

    @Test
    void aDatabaseWithOtherTablesIsRefusedAndLeftAsItWas() throws Exception {
        DataSource ds = db.pool("foreign");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customer_invoice (id INT PRIMARY KEY)");
        }
        assertThatThrownBy(() -> Schema.migrate(ds)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be migrated").hasMessageContaining("non-empty schema");
        assertThat(Schema.tableExists(ds, "octane_request")).isFalse();
        assertThat(Schema.tableExists(ds, "customer_invoice")).isTrue();
    }

    /** What octane-routes did before Flyway: its db/schema.sql (a verbatim copy), then Quartz's script from the quartz jar. */
    private void createAsBeforeFlyway(DataSource ds, boolean withQuartz) throws Exception {
        run(ds, resource("/db/pre-flyway-schema.sql"));
        if (withQuartz) {
            String script = "h2".equals(db.vendor()) ? "tables_h2.sql" : "tables_postgres.sql";
            run(ds, resource("/org/quartz/impl/jdbcjobstore/" + script));
        }
    }

    private static String resource(String path) throws Exception {
        try (InputStream in = SchemaMigrationTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The old Journal.runScript: comment lines dropped, split on ';', autocommit. */
    private static void run(DataSource ds, String script) throws SQLException {
        StringBuilder clean = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.trim();
            if (!t.startsWith("--") && !t.startsWith("#")) {
                clean.append(line).append('\n');
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String stmt : clean.toString().split(";")) {
                if (!stmt.isBlank()) {
                    s.execute(stmt);
                }
            }
        }
    }

    /** Every migration version the application ships (db/migration/common; the vendor folders hold V1.1 only), in order. */
    static final List<String> SHIPPED = shipped();

    private static List<String> shipped() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(SchemaMigrationTest.class.getResource("/db/migration/common").toURI()))) {
            List<String> versions = new ArrayList<>(files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V[0-9_.]+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.')).toList());
            versions.add("1.1");
            versions.sort(java.util.Comparator.comparing(v -> new java.math.BigDecimal(v.replaceFirst("^(\\d+)\\.(\\d+)$", "$1.$2"))));
            return List.copyOf(versions);
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> versions(DataSource ds) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"" + Schema.HISTORY_TABLE + "\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
