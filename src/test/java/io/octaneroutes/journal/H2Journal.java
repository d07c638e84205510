package io.octaneroutes.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.h2.jdbcx.JdbcDataSource;

/**
 * A journal on a fresh in-memory H2 database, its schema made by the application's own Flyway
 * migrations ({@link Schema}): for the unit tests of the journal and of the flow beans that write
 * to it. Each call is a database of its own, kept until {@link #drop}.
 */
public final class H2Journal {
    private H2Journal() {
    }

    public static Journal fresh() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:journal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Journal journal = new Journal(ds, new ObjectMapper());
        journal.createSchema();
        return journal;
    }

    /** Drops the journal's database (a test's {@code @AfterEach}). */
    public static void drop(Journal journal) {
        try (Connection c = journal.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
