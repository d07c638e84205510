package io.octaneroutes.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database schema (journal, order store, shared rate budgets, Quartz's JobStore tables),
 * created and migrated by Flyway at start-up, on the embedded H2 and on PostgreSQL alike.
 *
 * <p>Migrations live in {@code db/migration/common} (portable SQL) and
 * {@code db/migration/<vendor>} ({@code h2}, {@code postgresql}) where the SQL differs, which is
 * Quartz's DDL only. Flyway has no vendor placeholder of its own (Spring Boot's
 * {@code {vendor}} is Spring's): the vendor is read from the connection here, one line.
 *
 * <p>Upgrading: a database created by octane-routes before Flyway (its tables present, no
 * {@code flyway_schema_history}) is baselined at the version those tables correspond to (1.1
 * with Quartz's tables, 1 without), and only later versions run on it. A database holding
 * other tables and no history is refused by Flyway with its own message, never changed.
 */
public final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);
    /** what octane-routes' own code created before Flyway: V1 (journal) and V1.1 (Quartz). */
    static final String PRE_FLYWAY_VERSION = "1.1";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private Schema() {
    }

    /** Brings the database to the newest version; returns what Flyway did. */
    public static MigrateResult migrate(DataSource dataSource) {
        long t0 = System.nanoTime();
        String vendor = vendor(dataSource);
        FluentConfiguration config = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .table(HISTORY_TABLE)
                .cleanDisabled(true)
                .baselineDescription("tables created by octane-routes before Flyway");
        try {
            baselineIfCreatedBeforeFlyway(dataSource, config);
            MigrateResult result = config.load().migrate();
            LOG.info("database schema ({}) at version {}: {} migration(s) applied in {} ms", vendor,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted, (System.nanoTime() - t0) / 1_000_000);
            return result;
        } catch (FlywayException e) {
            throw new IllegalStateException("the database schema could not be migrated (" + vendor + "): " + e.getMessage(), e);
        }
    }

    /** {@code h2} or {@code postgresql}: the folder of the vendor's own migrations. */
    public static String vendor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("h2")) {
                return "h2";
            }
            if (product.contains("postgres")) {
                return "postgresql";
            }
            throw new IllegalStateException("unsupported database '" + c.getMetaData().getDatabaseProductName()
                    + "': octane-routes runs on the embedded H2 or on PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database: " + e.getMessage(), e);
        }
    }

    private static void baselineIfCreatedBeforeFlyway(DataSource dataSource, FluentConfiguration config) {
        if (tableExists(dataSource, HISTORY_TABLE) || !tableExists(dataSource, "octane_request")) {
            return;
        }
        // a crash between the two used to leave the journal without Quartz's tables: then only V1 is there
        String version = tableExists(dataSource, "qrtz_locks") ? PRE_FLYWAY_VERSION : "1";
        LOG.info("database created before Flyway: baselining it at version {} (its tables are kept as they are)", version);
        try {
            Flyway.configure().configuration(config).baselineVersion(version).load().baseline();
        } catch (FlywayException e) {
            if (!tableExists(dataSource, HISTORY_TABLE)) {
                throw e;
            }
            // another instance baselined it at the same moment: nothing left to do here
        }
    }

    /** Whether a table exists in the connection's current schema (not in another schema of the database). */
    static boolean tableExists(DataSource dataSource, String name) {
        try (Connection c = dataSource.getConnection()) {
            String schema = c.getSchema();
            for (String n : new String[] {name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)}) {
                try (ResultSet rs = c.getMetaData().getTables(null, schema, n, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
