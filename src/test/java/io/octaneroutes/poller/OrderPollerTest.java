package io.octaneroutes.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.events.Events;
import io.octaneroutes.flow.FlowRunner;
import io.octaneroutes.gateway.OctaneGateway;
import io.octaneroutes.gateway.OctaneUnreadableException;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.it.TestDatabase;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Schema;

/**
 * The poller's decisions, on a real journal (H2) with Octane's order reads scripted
 * ({@code direct:call-orderQuery}, {@code direct:call-getNbnOrder}): only due orders are read and
 * each is claimed one interval ahead (R1); done, failed and pending answers go where they should
 * and the finished ones come back as requests to run; unreadable answers and orders followed too
 * long are bounded; the sweep's requests are part of the tick's result.
 */
class OrderPollerTest {
    static final long INTERVAL = 60_000;
    TestDatabase db;
    Journal journal;
    DefaultCamelContext context;
    OrderPoller poller;
    final List<String> reads = new ArrayList<>();
    final List<Map<String, Object>> events = new ArrayList<>();
    final AtomicReference<Object> answer = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.fresh("h2", "poller");
        var ds = db.pool("poller");
        Schema.migrate(ds);
        journal = new Journal(ds, new ObjectMapper());
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call-orderQuery").process(e -> {
                    reads.add("orderQuery " + ((Map<?, ?>) e.getVariable(OctaneGateway.REQUEST)).get("orderId"));
                    Object a = answer.get();
                    if (a instanceof RuntimeException ex) {
                        throw ex;
                    }
                    e.getIn().setBody(a);
                });
                from("direct:call-getNbnOrder").process(e -> {
                    reads.add("getNbnOrder " + ((Map<?, ?>) e.getVariable(OctaneGateway.REQUEST)).get("orderId"));
                    e.getIn().setBody(answer.get());
                });
                from(Events.ROUTE).process(e -> events.add(e.getIn().getBody(Map.class)));
            }
        });
        context.start();
        Events ev = new Events(context.createProducerTemplate(), null);
        FlowRunner runner = new FlowRunner(journal, ev, Duration.ofMinutes(5), 3,
                new FlowRunner.Leases("test", Duration.ofSeconds(30), Duration.ofMinutes(5)));
        poller = new OrderPoller(journal, ev, runner, new RateBudgets(new RateBudgets.Limits("u", "http://x", Map.of(),
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(2))),
                new OrderPoller.PollSettings(Duration.ofMillis(INTERVAL), Duration.ofMillis(INTERVAL), Duration.ofSeconds(5), 10, 3, Duration.ofDays(1)));
        poller.setTemplate(context.createProducerTemplate());
    }

    @AfterEach
    void stop() {
        context.stop();
        db.close();
    }

    private void order(String requestId, String orderId, long dueIn) {
        journal.accept(requestId, "mobile.activate.new-msn.esim", Map.of(), "http");
        journal.completeStep(requestId, "create", "orderCreate", Map.of("orderId", orderId), Map.of("orderId", orderId), orderId,
                System.currentTimeMillis() + dueIn);
        journal.setStatus(requestId, Journal.WAITING);
    }

    private static Map<String, Object> status(String internalStatus) {
        return Map.of("errorCode", 0, "orderQueryResponse", Map.of("internalStatus", internalStatus));
    }

    @Test
    void onlyDueOrdersAreReadAndEachIsClaimedOneIntervalAhead() {
        order("r-1", "o-1", -1);
        order("r-2", "o-2", INTERVAL);
        answer.set(status("IN_PROG"));
        long before = System.currentTimeMillis();
        assertThat(poller.tick()).isEmpty();
        assertThat(reads).containsExactly("orderQuery o-1");
        assertThat(journal.order("o-1").orElseThrow().nextPollAt()).isGreaterThanOrEqualTo(before + INTERVAL);
        poller.tick();
        assertThat(reads).as("not read again before the interval (R1)").containsExactly("orderQuery o-1");
        assertThat(journal.order("o-1").orElseThrow().pollCount()).isEqualTo(1);
        assertThat(events).extracting(e -> e.get("type")).containsExactly("order-status");
    }

    @Test
    void aDoneOrFailedOrderReturnsItsRequestToRunAndAPendingOneDoesNot() {
        order("r-3", "o-3", -1);
        answer.set(status("COMPLETE"));
        assertThat(poller.tick()).containsExactly("r-3");
        assertThat(journal.order("o-3").orElseThrow().status()).isEqualTo(Journal.ORDER_DONE);

        order("r-4", "o-4", -1);
        answer.set(Map.of("errorCode", 0, "orderQueryResponse", Map.of("internalStatus", "REJECTED", "errorMessage", "number not portable")));
        assertThat(poller.tick()).containsExactly("r-4");
        assertThat(journal.order("o-4").orElseThrow().errorMessage()).isEqualTo("number not portable");

        order("r-5", "o-5", -1);
        answer.set(Map.of("errorCode", 60, "errorMessage", "order not found"));
        assertThat(poller.tick()).containsExactly("r-5");
        assertThat(journal.order("o-5").orElseThrow().status()).isEqualTo(Journal.ORDER_REJECTED);
    }

    @Test
    void unreadableAnswersInARowMakeTheOrderStuckAtTheBoundAndAReadableOneStartsTheCountAgain() {
        order("r-6", "o-6", -1);
        answer.set(new OctaneUnreadableException("orderQuery", "the SOAP answer could not be read", null));
        assertThat(poller.tick()).isEmpty();
        journal.reschedule("o-6", 0);
        answer.set(status("NO_SUCH_STATUS"));
        assertThat(poller.tick()).isEmpty();
        journal.reschedule("o-6", 0);
        answer.set(status("IN_PROG"));
        poller.tick();
        assertThat(journal.order("o-6").orElseThrow().unreadableCount()).as("a readable answer resets the count").isZero();
        for (int i = 0; i < 3; i++) {
            journal.reschedule("o-6", 0);
            answer.set(new OctaneUnreadableException("orderQuery", "the SOAP answer could not be read", null));
            List<String> run = poller.tick();
            assertThat(run).as("answer %d", i + 1).isEqualTo(i < 2 ? List.of() : List.of("r-6"));
        }
        assertThat(journal.order("o-6").orElseThrow().status()).isEqualTo(Journal.ORDER_STUCK);
        assertThat(journal.order("o-6").orElseThrow().errorMessage()).contains("3 answers in a row", "octane.poll.max-unreadable");
        journal.reschedule("o-6", 0);
        poller.tick();
        assertThat(reads).as("a stuck order is not read again").hasSize(6);
    }

    @Test
    void aFailedReadStillCountsAndWaitsAFullInterval() {
        order("r-7", "o-7", -1);
        answer.set(new io.octaneroutes.gateway.OctaneTransientException("orderQuery", "HTTP 503", 0, null));
        long before = System.currentTimeMillis();
        assertThat(poller.tick()).isEmpty();
        assertThat(journal.order("o-7").orElseThrow().nextPollAt()).isGreaterThanOrEqualTo(before + INTERVAL);
        assertThat(journal.order("o-7").orElseThrow().unreadableCount()).as("not an unreadable answer").isZero();
    }

    @Test
    void anNbnOrderIsReadByGetOrderDetailInEitherEnvelope() {
        journal.accept("r-8", "nbn.activate", Map.of(), "http");
        journal.completeStep("r-8", "create", "createNbnActivation", Map.of("orderId", "ORD-8"), Map.of("orderId", "ORD-8"), "nbn:ORD-8", 0);
        answer.set(Map.of("response", Map.of("orderId", "ORD-8", "status", "Completed")));
        assertThat(poller.tick()).containsExactly("r-8");
        assertThat(reads).containsExactly("getNbnOrder ORD-8");
    }

    @Test
    void anOrderFollowedLongerThanMaxAgeIsStuckWithoutARead() throws Exception {
        poller = new OrderPoller(journal, new Events(context.createProducerTemplate(), null),
                new FlowRunner(journal, new Events(context.createProducerTemplate(), null), Duration.ofMinutes(5), 3,
                        new FlowRunner.Leases("test", Duration.ofSeconds(30), Duration.ofMinutes(5))),
                new RateBudgets(new RateBudgets.Limits("u", "http://x", Map.of(), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(2))),
                new OrderPoller.PollSettings(Duration.ofMillis(INTERVAL), Duration.ofMillis(INTERVAL), Duration.ofSeconds(5), 10, 3, Duration.ofMillis(1)));
        poller.setTemplate(context.createProducerTemplate());
        order("r-9", "o-9", -1);
        org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > journal.order("o-9").orElseThrow().submittedAt() + 1);
        assertThat(poller.tick()).containsExactly("r-9");
        assertThat(reads).isEmpty();
        assertThat(journal.order("o-9").orElseThrow().errorMessage()).contains("octane.poll.max-age");
    }

    @Test
    void theTicksResultHoldsTheSweepsRequestsToo() {
        journal.accept("r-10", "mobile.activate.new-msn.esim", Map.of(), "http");
        journal.park("r-10", "TRANSIENT", "HTTP 503", System.currentTimeMillis() - 1);
        assertThat(poller.tick()).containsExactly("r-10");
    }
}
