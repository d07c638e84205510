package io.octaneroutes.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.h2.jdbcx.JdbcDataSource;

/**
 * A journal on a fresh in-memory H2 database with the application's schema: for the unit tests of
 * the journal and of the flow beans that write to it. The schema is made once per JVM by the
 * application's own Flyway migrations ({@link Schema}); each fresh database is then a replay of
 * that schema (H2's {@code SCRIPT}), which takes milliseconds where a migration takes most of a
 * second, and a mutation run repeats these tests hundreds of times.
 */
public final class H2Journal {
    private static List<String> schema;

    private H2Journal() {
    }

    public static Journal fresh() {
        DataSource ds = database();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String sql : schema()) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Journal(ds, new ObjectMapper());
    }

    /** Drops the journal's database (a test's {@code @AfterEach}). */
    public static void drop(Journal journal) {
        try (Connection c = journal.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataSource database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:journal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static synchronized List<String> schema() throws SQLException {
        if (schema == null) {
            DataSource template = database();
            Schema.migrate(template);
            List<String> statements = new ArrayList<>();
            try (Connection c = template.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    statements.add(rs.getString(1));
                }
                st.execute("SHUTDOWN");
            }
            schema = List.copyOf(statements);
        }
        return schema;
    }
}
