package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * The poller never polls forever (issue 11): an order whose answers cannot be read, or whose
 * status is one we do not know, parks its request after {@code octane.poll.max-unreadable}
 * answers in a row, with a parked event naming what could not be read (no value, no body); the
 * unreadable answers are counted in a metric and spaced like any other read (R1). An order
 * followed longer than {@code octane.poll.max-age} parks its request too.
 */
class UnreadableAnswerIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(Map.of("octane.poll.max-unreadable", "3", "octane.nbn.poll-interval", "2s",
                "octane.simulator.nbn.activation.complete-after", "30d"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void anOrderWhoseAnswersCannotBeReadParksItsRequestAfterTheBound() throws Exception {
        app.simAdmin("POST", "/sim/faults", "{\"operation\":\"orderQuery\",\"kind\":\"MALFORMED_ANSWER\",\"times\":20}");
        app.submit("cut-1", "mobile.activate.new-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":true}");
        assertThat(app.awaitFinal("cut-1", TIMEOUT)).isEqualTo(Journal.PARKED);
        app.simAdmin("DELETE", "/sim/faults", null);

        await().atMost(Duration.ofSeconds(5)).until(() -> "parked".equals(app.lastEvent("cut-1").get("type")));
        Map<String, Object> parked = app.lastEvent("cut-1");
        assertThat((String) parked.get("reason")).contains("3 answers in a row to orderQuery of orderId " + parked.get("orderId"))
                .contains("could not be read").contains("octane.poll.max-unreadable").doesNotContain("<");
        assertThat(app.journal().find("cut-1").orElseThrow().errorCode()).isEqualTo("STUCK");
        // three reads, then none: each one interval after the previous (R1), never more often
        List<CallLog.Entry> queries = app.calls("orderQuery");
        assertThat(queries).hasSize(3);
        assertThat(app.simulator().callLog().r1Violations()).isZero();
        assertThat(app.get("/observe/metrics").body()).containsPattern("octane_answers_unreadable_total\\{[^}]*operation=\"orderQuery\"[^}]*} 3\\.0");
        // the order is no longer due: nothing reads it any more
        assertThat(app.journal().order(String.valueOf(parked.get("orderId"))).orElseThrow().status()).isEqualTo(Journal.ORDER_STUCK);
    }

    @Test
    void aStatusWeDoNotKnowCountsTowardsTheBoundAndIsNamed() throws Exception {
        app.submit("hold-1", "nbn.activate", "{\"custNo\":554433,\"planNo\":30001,\"locationId\":\"LOC380100003003\"}");
        await().atMost(TIMEOUT).until(() -> app.events("hold-1").stream().anyMatch(e -> "order-submitted".equals(e.get("type"))));
        Object orderId = app.events("hold-1").stream().filter(e -> "order-submitted".equals(e.get("type"))).findFirst().orElseThrow().get("orderId");
        app.simAdmin("POST", "/sim/nbn/orders/status", "{\"orderId\":\"" + orderId + "\",\"status\":\"On Hold\"}");
        assertThat(app.awaitFinal("hold-1", TIMEOUT)).isEqualTo(Journal.PARKED);
        await().atMost(Duration.ofSeconds(5)).until(() -> "parked".equals(app.lastEvent("hold-1").get("type")));
        assertThat((String) app.lastEvent("hold-1").get("reason")).contains("status 'On Hold' is not a status we know")
                .contains("getNbnOrder of orderId " + orderId);
    }

    @Test
    void anOrderFollowedLongerThanMaxAgeParksItsRequest() throws Exception {
        try (TestApp quick = TestApp.start(Map.of("octane.poll.max-age", "3s", "octane.simulator.order.commit-after", "30d"))) {
            quick.submit("old-1", "mobile.activate.new-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":true}");
            assertThat(quick.awaitFinal("old-1", TIMEOUT)).isEqualTo(Journal.PARKED);
            await().atMost(Duration.ofSeconds(5)).until(() -> "parked".equals(quick.lastEvent("old-1").get("type")));
            assertThat((String) quick.lastEvent("old-1").get("reason")).contains("is still IN_PROG after").contains("octane.poll.max-age");
        }
    }
}
