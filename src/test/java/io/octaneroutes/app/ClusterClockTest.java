package io.octaneroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.it.TestDatabase;

/** With cluster.enabled, an instance whose clock is off the database's by more than the bound is refused. */
class ClusterClockTest {
    static TestDatabase db;
    static DataSource ds;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabase.fresh("postgresql", "clock");
        ds = db.pool("clock");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aClockInStepWithTheDatabasesPasses() {
        long skew = ClusterMode.checkClock(ds, Duration.ofSeconds(2), System::currentTimeMillis);
        assertThat(Math.abs(skew)).as("same machine").isLessThan(100);
    }

    @Test
    void aClockFiveSecondsAheadIsRefusedSayingWhy() {
        assertThatThrownBy(() -> ClusterMode.checkClock(ds, Duration.ofSeconds(2), () -> System.currentTimeMillis() + 5_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ahead of the database's").hasMessageContaining("cluster.max-clock-skew=2000 ms")
                .hasMessageContaining("NTP");
    }

    @Test
    void aClockFiveSecondsBehindIsRefusedToo() {
        assertThatThrownBy(() -> ClusterMode.checkClock(ds, Duration.ofSeconds(2), () -> System.currentTimeMillis() - 5_000))
                .hasMessageContaining("behind the database's");
    }
}
