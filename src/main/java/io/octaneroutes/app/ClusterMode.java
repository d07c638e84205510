package io.octaneroutes.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

/**
 * {@code cluster.enabled=true} says "I am one of several instances of one deployment". Such an
 * instance must share everything that makes the cluster one: the PostgreSQL database (journal,
 * order store, rate budgets, Quartz) and the broker. One that would instead work alone (the
 * embedded H2 file, the embedded broker, an Octane simulator of its own) is refused at
 * start-up with every reason at once, rather than silently running beside the others.
 *
 * <p>A flag rather than a replica count: nothing needs the count (the budgets are shared, not
 * divided), and a count would go stale with every {@code kubectl scale}.
 */
public final class ClusterMode {
    public static final String KEY = "cluster.enabled";
    /** most the instance's clock may differ from the database's in cluster mode. */
    public static final String MAX_SKEW_KEY = "cluster.max-clock-skew";

    private ClusterMode() {
    }

    public static boolean enabled(Settings settings) {
        return settings.flag(KEY, false);
    }

    /** What makes this configuration unfit for a cluster (empty when it is fit, or when not in cluster mode). */
    public static List<String> problems(Settings settings) {
        List<String> problems = new ArrayList<>();
        if (!enabled(settings)) {
            return problems;
        }
        String db = settings.optional("db.url").orElse(null);
        if (db == null) {
            problems.add("db.url is unset, so the journal, order store, rate budgets and Quartz would be an embedded H2 file"
                    + " of this instance alone: set db.url to the PostgreSQL database every instance shares");
        } else if (!db.startsWith("jdbc:postgresql:")) {
            // only the scheme: a JDBC URL may carry a password
            problems.add("db.url is a " + scheme(db) + " database: instances share only a PostgreSQL database"
                    + " (jdbc:postgresql://...): the shared rate budgets and the clustered Quartz JobStore live there");
        }
        String broker = settings.optional("broker.url").orElse(null);
        if (broker == null) {
            problems.add("broker.url is unset, so requests would go through an embedded Artemis broker of this instance alone:"
                    + " set broker.url to the Artemis broker every instance shares");
        } else if (broker.startsWith("vm:")) {
            problems.add("broker.url is an in-VM broker (vm:): set it to the Artemis broker every instance shares (tcp://...)");
        }
        boolean octaneUrls = settings.optional("octane.soap.url").isPresent() || settings.optional("octane.rest.url").isPresent();
        if (settings.optional("octane.simulator.enabled").map(Boolean::parseBoolean).orElse(!octaneUrls)) {
            problems.add("the embedded Octane simulator is on" + (octaneUrls ? "" : " (no octane.soap.url/octane.rest.url is set)")
                    + ", so each instance would talk to a simulator of its own: set octane.soap.url and octane.rest.url"
                    + " (the real Octane, or one simulator all instances share) and octane.simulator.enabled=false");
        }
        return problems;
    }

    /** Stops the start-up when this instance is told it is one of several but would work alone. */
    public static void refuseMisconfiguration(Settings settings) {
        List<String> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(KEY + "=true (one of several instances), but this instance would work alone: "
                    + String.join("; ", problems));
        }
    }

    /**
     * In cluster mode, refuses to start when this instance's clock is further than
     * {@code cluster.max-clock-skew} (default 2s) from the database's. Quartz's cluster
     * check-in compares the instances' clocks (a fast clock declares live peers dead and
     * recovers their jobs), and the poller's due times are written by one instance and read by
     * another (a fast clock queries an order early, rule R1). The shared rate budgets use the
     * database's clock and do not depend on this. Returns the measured skew in milliseconds.
     */
    public static long checkClock(Settings settings, DataSource dataSource) {
        if (!enabled(settings)) {
            return 0;
        }
        return checkClock(dataSource, settings.duration(MAX_SKEW_KEY, "2s"), System::currentTimeMillis);
    }

    /** The check itself, with the local clock given (tests shift it). */
    static long checkClock(DataSource dataSource, Duration max, LongSupplier localClock) {
        long skew = clockSkewMillis(dataSource, localClock);
        if (Math.abs(skew) > max.toMillis()) {
            throw new IllegalStateException("this instance's clock is " + Math.abs(skew) + " ms " + (skew > 0 ? "behind" : "ahead of")
                    + " the database's (more than " + MAX_SKEW_KEY + "=" + max.toMillis() + " ms): synchronise the clocks (NTP);"
                    + " the clustered Quartz scheduler and the order poller's due times compare instances' clocks");
        }
        return skew;
    }

    /** The database's clock minus this JVM's, in milliseconds, corrected by half the round trip. */
    static long clockSkewMillis(DataSource dataSource, LongSupplier localClock) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)")) {
            long best = Long.MAX_VALUE;
            long skew = 0;
            for (int i = 0; i < 3; i++) { // the fastest of three round trips is the most precise
                long t0 = localClock.getAsLong();
                long dbNow;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    dbNow = rs.getLong(1);
                }
                long t1 = localClock.getAsLong();
                if (t1 - t0 < best) {
                    best = t1 - t0;
                    skew = dbNow - (t0 + t1) / 2;
                }
            }
            return skew;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's clock: " + e.getMessage(), e);
        }
    }

    private static String scheme(String jdbcUrl) {
        String[] parts = jdbcUrl.split(":");
        return parts.length > 1 ? parts[0] + ":" + parts[1] : "non-JDBC";
    }
}
