package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.RateBudgets;

/**
 * {@link RateBudgetIT} on PostgreSQL: the gateway's calls wait for the shared budget
 * ({@code SharedRateBudget}) and draw no fault 233, as they do with the in-memory one.
 */
class RateBudgetOnPostgresIT extends RateBudgetIT {

    @Override
    @BeforeAll
    void start() throws Exception {
        System.setProperty("octane.test.db", "postgres");
        try {
            super.start();
        } finally {
            System.clearProperty("octane.test.db");
        }
    }

    @Test
    void theBudgetIsTheSharedOne() {
        assertThat(app.database()).isNotNull();
        assertThat(app.context().getRegistry().lookupByNameAndType("rateBudgets", RateBudgets.class).isShared()).isTrue();
    }
}
