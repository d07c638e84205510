package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.journal.Schema;

/**
 * {@link EsimActivationTest}, every test of it, with the journal, order store, Quartz poller
 * and rate budgets on PostgreSQL: the end-to-end proof that the flows run on the production
 * store. (The journal's and Quartz's own behaviour on both databases is tested directly in
 * {@code io.octaneroutes.journal}; running every flow suite twice would double the suite time.)
 */
class EsimActivationOnPostgresTest extends EsimActivationTest {

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
    void runsOnPostgresWithTheSharedRateBudgets() {
        assertThat(app.database()).as("a PostgreSQL schema of TestPostgres").isNotNull();
        assertThat(Schema.vendor(app.journal().dataSource())).isEqualTo("postgresql");
        assertThat(app.context().getRegistry().lookupByNameAndType("rateBudgets", RateBudgets.class).isShared()).isTrue();
    }
}
