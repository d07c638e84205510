package io.octaneroutes.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A PostgreSQL server on 127.0.0.1 for the tests, one per test JVM:
 * <ul>
 * <li>the one named by {@code OCTANE_TEST_PG_URL} (with {@code OCTANE_TEST_PG_USER} and
 * {@code OCTANE_TEST_PG_PASSWORD}) when that is set: it must be on 127.0.0.1/localhost;</li>
 * <li>otherwise a throw-away cluster started here: {@code initdb} + {@code pg_ctl} in a temporary
 * folder, on a free port, listening on 127.0.0.1 only, stopped and deleted when the JVM ends.
 * The server binaries are taken from {@code OCTANE_TEST_PG_BIN}, else the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's {@code postgresql} package; {@code .ci/run}
 * installs it when missing). PostgreSQL refuses to run as root: as root, the cluster runs as
 * the {@code postgres} OS user (as bench/startup.sh does).</li>
 * </ul>
 * Each {@link #freshDatabase} is a schema of its own (the JDBC URL's {@code currentSchema}), so
 * test classes never see each other's tables, on a server of one's own or a shared one.
 */
public final class TestPostgres {
    private static final String ROLE = "octane";
    private static TestPostgres instance;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final String baseUrl;
    private final String user;
    private final String password;
    private final Path dir;
    private final Path bin;
    private final long startMillis;

    private TestPostgres(String baseUrl, String user, String password, Path dir, Path bin, long startMillis) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.dir = dir;
        this.bin = bin;
        this.startMillis = startMillis;
    }

    /** The server of this JVM, started at the first call. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            String url = System.getenv("OCTANE_TEST_PG_URL");
            if (url != null && !url.isBlank()) {
                if (!url.matches("jdbc:postgresql://(127\\.0\\.0\\.1|localhost)(:\\d+)?/.*")) {
                    throw new IllegalStateException("OCTANE_TEST_PG_URL must point at 127.0.0.1 or localhost (tests talk to nothing else)");
                }
                instance = new TestPostgres(url, System.getenv().getOrDefault("OCTANE_TEST_PG_USER", "postgres"),
                        System.getenv().getOrDefault("OCTANE_TEST_PG_PASSWORD", ""), null, null, 0);
            } else {
                instance = startCluster();
                Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "test-postgres-stop"));
            }
        }
        return instance;
    }

    /** How long the throw-away cluster took to start (initdb + start + role), 0 for an external server. */
    public long startMillis() {
        return startMillis;
    }

    /** A new, empty schema and the URL that makes it the connection's default. */
    public Database freshDatabase(String label) {
        String schema = ("t_" + label.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid() + "_"
                + SCHEMAS.incrementAndGet()).toLowerCase();
        if (schema.length() > 60) {
            schema = schema.substring(schema.length() - 60);
        }
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + " on the test PostgreSQL: " + e.getMessage(), e);
        }
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Database(url, user, password, schema);
    }

    /** A schema of the test server, with the keys that point the application at it. */
    public record Database(String url, String username, String password, String schema) {
        public Map<String, String> appProperties() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("db.url", url);
            p.put("db.username", username);
            p.put("db.password", password);
            return p;
        }

        /** A small pool on this schema (close it). */
        public HikariDataSource dataSource(String poolName) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(username);
            config.setPassword(password);
            config.setMaximumPoolSize(8);
            config.setPoolName(poolName);
            return new HikariDataSource(config);
        }
    }

    // ------------------------------------------------------------------ the throw-away cluster

    private static TestPostgres startCluster() {
        long t0 = System.currentTimeMillis();
        Path bin = serverBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        try {
            Path dir = Files.createTempDirectory("octane-test-pg");
            if (root) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            Path pwfile = dir.resolve("pw");
            Files.writeString(pwfile, password + "\n");
            if (root) {
                Files.setOwner(pwfile, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
            }
            // the superuser and the test role log in with the password over TCP (127.0.0.1 only)
            run(root, dir, bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                    "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--no-sync");
            Files.delete(pwfile);
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                try {
                    // durability is not under test here: fsync off makes the cluster several times faster
                    run(root, dir, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                            dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                            "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
                                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                            "start");
                } catch (IllegalStateException e) {
                    last = e; // the port was taken meanwhile: another one
                    continue;
                }
                String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
                try (Connection c = DriverManager.getConnection(admin, "postgres", password); Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password + "'");
                    s.execute("CREATE DATABASE octane OWNER " + ROLE);
                }
                return new TestPostgres("jdbc:postgresql://127.0.0.1:" + port + "/octane", ROLE, password, dir, bin,
                        System.currentTimeMillis() - t0);
            }
            throw last;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start a test PostgreSQL cluster: " + e.getMessage(), e);
        }
    }

    private void stop() {
        if (dir == null) {
            return;
        }
        try {
            run("root".equals(System.getProperty("user.name")), dir, bin.resolve("pg_ctl").toString(), "-D",
                    dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException e) {
            System.err.println("test PostgreSQL did not stop: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: left for the OS
        }
    }

    static Path serverBinaries() {
        String configured = System.getenv("OCTANE_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                List<Path> found = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .sorted(Comparator.comparingInt(v -> parseVersion(v.getFileName().toString()))).toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1).resolve("bin");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package"
                + " (.ci/run does), set OCTANE_TEST_PG_BIN, or set OCTANE_TEST_PG_URL to a server on 127.0.0.1");
    }

    private static int parseVersion(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a server command, as the postgres OS user when we are root, from / (postgres may not enter our folder). */
    private static void run(boolean root, Path dir, String... command) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        try {
            Path log = Files.createTempFile("octane-test-pg", ".log");
            Process p = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish");
            }
            String out = Files.readString(log);
            Files.delete(log);
            if (p.exitValue() != 0) {
                Path serverLog = dir.resolve("postgres.log");
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out
                        + (Files.exists(serverLog) ? Files.readString(serverLog) : ""));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
