package io.octaneroutes.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * An empty database of either kind the application runs on, for tests that use the journal,
 * the order store or Quartz directly: {@code h2} (a file in a temporary folder, opened the way
 * the application opens it) or {@code postgresql} (a fresh schema of {@link TestPostgres}).
 * {@link #pool} opens as many connection pools on it as a test needs: one per "instance".
 */
public final class TestDatabase implements AutoCloseable {
    /**
     * The kinds the parameterized database tests run on: both, unless {@code -Doctane.test.vendors}
     * names fewer (the mutation run takes {@code h2} only: a PostgreSQL run per mutant costs minutes).
     */
    public static final List<String> VENDORS = List.of(System.getProperty("octane.test.vendors", "h2,postgresql").split("\\s*,\\s*"));

    private final String vendor;
    private final String url;
    private final String username;
    private final String password;
    private final List<HikariDataSource> pools = new ArrayList<>();

    private TestDatabase(String vendor, String url, String username, String password) {
        this.vendor = vendor;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    public static TestDatabase fresh(String vendor, String label) throws IOException {
        switch (vendor) {
            case "h2" -> {
                Path dir = Files.createTempDirectory("octane-test-h2");
                // the application's own URL form (OctaneConfiguration.dataSource)
                return new TestDatabase(vendor, "jdbc:h2:async:" + dir.resolve("octane") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", null, null);
            }
            case "postgresql" -> {
                TestPostgres.Database db = TestPostgres.get().freshDatabase(label);
                return new TestDatabase(vendor, db.url(), db.username(), db.password());
            }
            default -> throw new IllegalArgumentException("unknown database kind " + vendor);
        }
    }

    public String vendor() {
        return vendor;
    }

    public String url() {
        return url;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** A new connection pool on this database (closed with it). */
    public synchronized HikariDataSource pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (username != null) {
            config.setUsername(username);
            config.setPassword(password);
        }
        config.setMaximumPoolSize(10);
        config.setPoolName(name);
        HikariDataSource ds = new HikariDataSource(config);
        pools.add(ds);
        return ds;
    }

    @Override
    public synchronized void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }

    @Override
    public String toString() {
        return vendor;
    }
}
