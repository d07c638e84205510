package io.octaneroutes.app;

import java.util.Properties;

/**
 * The Quartz scheduler's properties: a JDBC JobStore on the journal's database (tables from
 * Flyway, V1.1), clustered on every database so that one instance runs exactly as several do.
 */
public final class QuartzSettings {
    private QuartzSettings() {
    }

    /**
     * @param name            the scheduler name: {@code camel.main.name}, the same on every instance of a deployment
     * @param checkinMillis   {@code cluster.checkin-interval}
     * @param tickMillis      {@code octane.poll.tick}
     */
    public static Properties of(String name, String url, String username, String password, long checkinMillis, long tickMillis) {
        boolean postgres = url.startsWith("jdbc:postgresql");
        Properties q = new Properties();
        q.setProperty("org.quartz.scheduler.instanceName", name);
        // AUTO: host name + start time, new at every start, so a restarted instance never takes
        // over the fired-trigger rows of its dead predecessor by name; the others recover them
        // once its check-in is older than clusterCheckinInterval + 7.5 s (Quartz's grace).
        q.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        q.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        q.setProperty("org.quartz.threadPool.threadCount", "2");
        q.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        q.setProperty("org.quartz.jobStore.driverDelegateClass", postgres
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        // Quartz keeps data sources JVM-wide by name: one per scheduler name
        String ds = "octane_" + name.replaceAll("[^A-Za-z0-9]", "_");
        q.setProperty("org.quartz.jobStore.dataSource", ds);
        // The check-in compares the instances' clocks (a fast clock declares live peers dead):
        // ClusterMode.checkClock refuses a clock further than cluster.max-clock-skew from the database's.
        q.setProperty("org.quartz.jobStore.isClustered", "true");
        q.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinMillis));
        // one instance at a time picks the next trigger (row lock TRIGGER_ACCESS): no race for a tick
        q.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // A tick more than one tick late (at least 5 s) is a misfire; the poller's trigger says
        // what to do then (misfireInstruction 4 in order-poller.camel.yaml: skip to the next
        // scheduled tick), so after downtime there is no burst of catch-up ticks; each tick
        // queries only due orders within the orderQuery budget anyway.
        q.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(Math.max(5000, tickMillis)));
        q.setProperty("org.quartz.dataSource." + ds + ".provider", "hikaricp");
        q.setProperty("org.quartz.dataSource." + ds + ".URL", url);
        q.setProperty("org.quartz.dataSource." + ds + ".driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver");
        q.setProperty("org.quartz.dataSource." + ds + ".maxConnections", "3");
        if (username != null) {
            q.setProperty("org.quartz.dataSource." + ds + ".user", username);
        }
        if (password != null) {
            q.setProperty("org.quartz.dataSource." + ds + ".password", password);
        }
        return q;
    }
}
