package io.octaneroutes.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

import io.octaneroutes.app.QuartzSettings;
import io.octaneroutes.it.TestDatabase;

/**
 * The application's Quartz settings ({@link QuartzSettings}) on H2 and PostgreSQL: two
 * clustered schedulers of one deployment fire each tick once between them, and a trigger that
 * comes back from downtime skips its missed ticks instead of firing them all at once.
 */
@ParameterizedClass(name = "on {0}")
@FieldSource("io.octaneroutes.it.TestDatabase#VENDORS")
class QuartzClusterTest {
    static final ConcurrentLinkedQueue<String[]> FIRES = new ConcurrentLinkedQueue<>();
    private final TestDatabase db;
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final String name = "quartz-test-" + System.nanoTime();

    QuartzClusterTest(String vendor) throws Exception {
        db = TestDatabase.fresh(vendor, "quartz");
        Schema.migrate(db.pool("migrate"));
        FIRES.clear();
    }

    @AfterEach
    void stop() throws SchedulerException {
        for (Scheduler s : schedulers) {
            s.shutdown(true);
        }
        db.close();
    }

    /** Records which instance fired which scheduled tick. */
    public static class Tick implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                FIRES.add(new String[] {String.valueOf(context.getScheduledFireTime().getTime()),
                    context.getScheduler().getSchedulerInstanceId()});
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * One instance of the deployment: the application's properties, with this instance's own id
     * (AUTO would give two schedulers made in the same millisecond one id) and connection pool.
     * Quartz keeps schedulers JVM-wide by name; two instances of one name in one JVM need the
     * repository entry of the first removed before the second is made.
     */
    private Scheduler instance(String id) throws SchedulerException {
        Properties app = QuartzSettings.of(name, db.url(), db.username(), db.password(), 1000, 200);
        Properties q = new Properties();
        app.forEach((k, v) -> q.setProperty(((String) k).replace("octane_" + name.replaceAll("[^A-Za-z0-9]", "_"), "ds_" + id),
                ((String) v).replace("octane_" + name.replaceAll("[^A-Za-z0-9]", "_"), "ds_" + id)));
        q.setProperty("org.quartz.scheduler.instanceId", id);
        Scheduler s = new StdSchedulerFactory(q).getScheduler();
        SchedulerRepository.getInstance().remove(name);
        schedulers.add(s);
        return s;
    }

    @Test
    void twoClusteredInstancesFireEachTickOnce() throws Exception {
        Scheduler a = instance("a");
        Scheduler b = instance("b");
        a.scheduleJob(JobBuilder.newJob(Tick.class).withIdentity("tick").build(), TriggerBuilder.newTrigger().withIdentity("tick")
                .startNow().withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(1).withIntervalInMilliseconds(100)
                        .withMisfireHandlingInstructionNextWithRemainingCount()).build());
        a.start();
        b.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> FIRES.size() >= 30);
        a.standby();
        b.standby();
        Map<String, Long> byTick = FIRES.stream().collect(Collectors.groupingBy(f -> f[0], Collectors.counting()));
        assertThat(byTick.values()).as("fires per scheduled tick").allMatch(n -> n == 1);
        Map<String, Long> byInstance = FIRES.stream().collect(Collectors.groupingBy(f -> f[1], Collectors.counting()));
        System.out.printf("QUARTZ %s fires=%d by_instance=%s%n", db.vendor(), FIRES.size(), byInstance);
    }

    /** A poller tick that takes a while; at most one at a time cluster-wide (camel-quartz's stateful=true does the same). */
    @DisallowConcurrentExecution
    public static class SlowTick implements Job {
        static final ConcurrentLinkedQueue<long[]> RUNS = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(JobExecutionContext context) {
            long start = System.currentTimeMillis();
            try {
                Thread.sleep(700); // the tick's work (querying due orders), not a test wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RUNS.add(new long[] {start, System.currentTimeMillis()});
        }
    }

    /**
     * An instance that starts while a peer runs a tick does not run that tick too: without
     * clustering, a starting scheduler "recovers" every blocked trigger as if it were alone and
     * runs it again (the restart problem of issue 13, at Quartz's level).
     */
    @Test
    void aStartingInstanceDoesNotRunATickALivePeerIsRunning() throws Exception {
        SlowTick.RUNS.clear();
        Scheduler a = instance("a");
        a.scheduleJob(JobBuilder.newJob(SlowTick.class).withIdentity("slow").build(), TriggerBuilder.newTrigger().withIdentity("slow")
                .startNow().withSchedule(SimpleScheduleBuilder.simpleSchedule().repeatForever().withIntervalInMilliseconds(100)
                        .withMisfireHandlingInstructionNextWithRemainingCount()).build());
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.getCurrentlyExecutingJobs().isEmpty());
        Scheduler b = instance("b");
        b.start(); // while a's tick runs
        await().atMost(Duration.ofSeconds(30)).until(() -> SlowTick.RUNS.size() >= 4);
        a.standby();
        b.standby();
        List<long[]> runs = new ArrayList<>(SlowTick.RUNS);
        runs.sort(java.util.Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i)[0]).as("run %d starts after run %d ended", i, i - 1).isGreaterThanOrEqualTo(runs.get(i - 1)[1]);
        }
    }

    @Test
    void aTriggerBackFromDowntimeSkipsItsMissedTicks() throws Exception {
        Scheduler a = instance("a");
        // as if every instance had been down for 10 s: the trigger's next tick is 10 s in the past
        Trigger late = TriggerBuilder.newTrigger().withIdentity("late").startAt(new Date(System.currentTimeMillis() - 10_000))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().repeatForever().withIntervalInMilliseconds(200)
                        .withMisfireHandlingInstructionNextWithRemainingCount()) // the poller's trigger.misfireInstruction: 4
                .build();
        a.scheduleJob(JobBuilder.newJob(Tick.class).withIdentity("late").build(), late);
        long started = System.currentTimeMillis();
        a.start();
        // 50 ticks were missed: none of them is fired, the ticks go on at their interval
        await().atMost(Duration.ofSeconds(5)).until(() -> FIRES.size() >= 3);
        long elapsed = System.currentTimeMillis() - started;
        assertThat(FIRES.size()).as("fires in %d ms", elapsed).isLessThanOrEqualTo((int) (elapsed / 200) + 2);
        assertThat(FIRES.stream().mapToLong(f -> Long.parseLong(f[0])).min().orElseThrow())
                .as("no scheduled tick from before the start is fired").isGreaterThanOrEqualTo(started - 200);
    }
}
