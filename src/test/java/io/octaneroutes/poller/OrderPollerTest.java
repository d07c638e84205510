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
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.H2Journal;

/**
 * The poller's decisions, on a real journal (H2 in memory, the application's schema) with Octane's order reads scripted
 * ({@code direct:call-orderQuery}, {@code direct:call-getNbnOrder}): only due orders are read and
 * each is claimed one interval ahead (R1); done, failed and pending answers go where they should
 * and the finished ones come back as requests to run; unreadable answers and orders followed too
 * long are bounded; the sweep's requests are part of the tick's result. Also: the read's budget
 * slot handed to the call route (and given back when the claim is lost), the claim reaching past
 * the interval by the read timeout, the NBN interval, what each refusal and each report says, the
 * unreadable-answers metric.
 */
class OrderPollerTest {
    static final long INTERVAL = 60_000;
    Journal journal;
    DefaultCamelContext context;
    OrderPoller poller;
    final List<String> reads = new ArrayList<>();
    final List<Map<String, Object>> events = new ArrayList<>();
    final AtomicReference<Object> answer = new AtomicReference<>();
    final List<Object> budgetHeld = new ArrayList<>();
    final List<Long> claimedUntil = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        journal = H2Journal.fresh();
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call-orderQuery").process(e -> {
                    String orderId = String.valueOf(((Map<?, ?>) e.getVariable(OctaneGateway.REQUEST)).get("orderId"));
                    reads.add("orderQuery " + orderId);
                    budgetHeld.add(e.getProperty(OctaneGateway.BUDGET_HELD));
                    claimedUntil.add(journal.order(orderId).orElseThrow().nextPollAt());
                    Object a = answer.get();
                    if (a instanceof RuntimeException ex) {
                        throw ex;
                    }
                    e.getIn().setBody(a);
                });
                from("direct:call-getNbnOrder").process(e -> {
                    String orderId = String.valueOf(((Map<?, ?>) e.getVariable(OctaneGateway.REQUEST)).get("orderId"));
                    reads.add("getNbnOrder " + orderId);
                    claimedUntil.add(journal.order("nbn:" + orderId).orElseThrow().nextPollAt());
                    e.getIn().setBody(answer.get());
                });
                from("direct:call-getEnquiry").process(e -> {
                    reads.add("getEnquiry " + ((Map<?, ?>) e.getVariable(OctaneGateway.REQUEST)).get("enquiryId"));
                    e.getIn().setBody(answer.get());
                });
            }
        });
        context.start();
        poller = poller(journal, new RateBudgets(new RateBudgets.Limits("u", "http://x", Map.of(),
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(2))),
                new OrderPoller.PollSettings(Duration.ofMillis(INTERVAL), Duration.ofMillis(INTERVAL), Duration.ofSeconds(5), 10, 3, Duration.ofDays(1)));
    }

    /** Events as they are published, kept in {@link #events} (no journal, no relay). */
    private Events capturing() {
        return new Events(null, null) {
            @Override
            public void publish(Prepared event) {
                events.add(event.body());
            }
        };
    }

    private OrderPoller poller(Journal on, RateBudgets budgets, OrderPoller.PollSettings settings) {
        Events ev = capturing();
        FlowRunner runner = new FlowRunner(on, ev, Duration.ofMinutes(5), 3,
                new FlowRunner.Leases("test", Duration.ofSeconds(30), Duration.ofMinutes(5)));
        OrderPoller p = new OrderPoller(on, ev, runner, budgets, settings);
        p.setTemplate(context.createProducerTemplate());
        return p;
    }

    @AfterEach
    void stop() {
        context.stop();
        H2Journal.drop(journal);
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
        assertThat(journal.order("o-7").orElseThrow().nextPollAt()).isGreaterThanOrEqualTo(before + INTERVAL)
                .as("an interval after the failure, no longer the claim's interval + read timeout")
                .isLessThanOrEqualTo(System.currentTimeMillis() + INTERVAL);
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
        poller = new OrderPoller(journal, capturing(),
                new FlowRunner(journal, capturing(), Duration.ofMinutes(5), 3,
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

    // ---------------------------------------------------------------- budget, claim and intervals

    private static RateBudgets budgets(Duration window) {
        return new RateBudgets(new RateBudgets.Limits("u", "http://x", Map.of("orderQuery", new int[] {10, 100}), window, window,
                Duration.ofMinutes(2)));
    }

    private static OrderPoller.PollSettings settings(long mobile, long nbn, Duration maxAge) {
        return new OrderPoller.PollSettings(Duration.ofMillis(mobile), Duration.ofMillis(nbn), Duration.ofSeconds(5), 10, 3, maxAge);
    }

    @Test
    void aReadTakesItsMethodsBudgetSlotAndHandsItToTheCallRoute() {
        RateBudgets budgets = budgets(Duration.ofMinutes(1));
        poller = poller(journal, budgets, settings(INTERVAL, INTERVAL, Duration.ofDays(1)));
        order("r-20", "o-20", -1);
        answer.set(status("IN_PROG"));
        poller.tick();
        assertThat(budgetHeld).as("the call route releases it").containsExactly(true);
        assertThat(budgets.of("orderQuery").orElseThrow().usage().minute()).isEqualTo(1);
    }

    @Test
    void withoutAPublishedLimitTheReadHoldsNoSlot() {
        order("r-21", "o-21", -1);
        answer.set(status("IN_PROG"));
        poller.tick();
        assertThat(budgetHeld).containsExactly(false);
    }

    @Test
    void aClaimLostToAnotherInstanceReadsNothingAndGivesTheSlotBack() {
        Journal claimedElsewhere = new Journal(journal.dataSource(), new ObjectMapper()) {
            @Override
            public boolean claimPoll(String orderId, long expectedNextPollAt, long now, long nextPollAt) {
                return false;
            }
        };
        RateBudgets budgets = budgets(Duration.ofMillis(1));
        poller = poller(claimedElsewhere, budgets, settings(INTERVAL, INTERVAL, Duration.ofDays(1)));
        order("r-22", "o-22", -1);
        assertThat(poller.tick()).isEmpty();
        assertThat(reads).isEmpty();
        // given back, the slot counts one window (1 ms) more; kept, it would count for ever
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
                .until(() -> budgets.of("orderQuery").orElseThrow().usage().minute() == 0);
    }

    @Test
    void aClaimReachesPastTheIntervalByTheReadTimeout() {
        order("r-23", "o-23", -1);
        answer.set(status("IN_PROG"));
        long before = System.currentTimeMillis();
        poller.tick();
        assertThat(claimedUntil).hasSize(1);
        assertThat(claimedUntil.get(0)).as("interval + read timeout, in case this instance dies with the read in flight")
                .isGreaterThanOrEqualTo(before + INTERVAL + 5_000);
    }

    @Test
    void anNbnOrderIsReadAtTheNbnInterval() {
        poller = poller(journal, budgets(Duration.ofMinutes(1)), settings(INTERVAL, 5 * INTERVAL, Duration.ofDays(1)));
        journal.accept("r-24", "nbn.activate", Map.of(), "http");
        journal.completeStep("r-24", "create", "createNbnActivation", Map.of(), Map.of("orderId", "ORD-24"), "nbn:ORD-24", 0);
        order("r-25", "o-25", -1);
        answer.set(Map.of("errorCode", 0, "orderQueryResponse", Map.of("internalStatus", "IN_PROG"), "status", "In Progress"));
        long before = System.currentTimeMillis();
        assertThat(poller.tick()).isEmpty();
        assertThat(reads).containsExactlyInAnyOrder("getNbnOrder ORD-24", "orderQuery o-25");
        assertThat(journal.order("nbn:ORD-24").orElseThrow().nextPollAt()).isGreaterThanOrEqualTo(before + 5 * INTERVAL);
        assertThat(journal.order("o-25").orElseThrow().nextPollAt()).isLessThanOrEqualTo(System.currentTimeMillis() + INTERVAL);
        assertThat(budgetHeld).as("NBN reads have no published limit, orderQuery none here").hasSize(1);
    }

    // ---------------------------------------------------------------- what a read says

    @Test
    void statusesWeDoNotKnowInARowMakeTheOrderStuckAndItsRequestRun() {
        order("r-26", "o-26", -1);
        answer.set(status("ON_HOLD"));
        for (int i = 0; i < 3; i++) {
            journal.reschedule("o-26", 0);
            assertThat(poller.tick()).as("answer %d", i + 1).isEqualTo(i < 2 ? List.of() : List.of("r-26"));
        }
        assertThat(journal.order("o-26").orElseThrow().status()).isEqualTo(Journal.ORDER_STUCK);
        assertThat(journal.order("o-26").orElseThrow().errorMessage())
                .isEqualTo("3 answers in a row to orderQuery of orderId o-26 could not be read (orderQueryResponse.internalStatus 'ON_HOLD'"
                        + " is not a status we know; octane.poll.max-unreadable)");
    }

    @Test
    void aRefusalNamesTheOrderAndWhatBecameOfItUnlessOctaneSaidWhy() {
        order("r-27", "o-27", -1);
        answer.set(status("REJECTED"));
        poller.tick();
        assertThat(journal.order("o-27").orElseThrow().errorMessage()).isEqualTo("order o-27 was REJECTED");

        journal.accept("r-28", "nbn.activate", Map.of(), "http");
        journal.completeStep("r-28", "create", "createNbnActivation", Map.of(), Map.of(), "nbn:ORD-28", 0);
        answer.set(Map.of("response", Map.of("status", "Cancelled", "errorMessage", "customer cancelled")));
        poller.tick();
        assertThat(journal.order("nbn:ORD-28").orElseThrow().errorMessage()).isEqualTo("order ORD-28 was Cancelled: customer cancelled");
        assertThat(journal.order("nbn:ORD-28").orElseThrow().octaneStatus()).isEqualTo("Cancelled");

        journal.accept("r-29", "nbn.diagnostic-test", Map.of(), "http");
        journal.completeStep("r-29", "create", "createEnquiry", Map.of(), Map.of(), "enquiry:E-29", 0);
        answer.set(Map.of("response", Map.of("status", "Failed")));
        assertThat(poller.tick()).containsExactly("r-29");
        assertThat(reads).endsWith("getEnquiry E-29");
        assertThat(journal.order("enquiry:E-29").orElseThrow().errorMessage()).isEqualTo("enquiry E-29 was Failed");
    }

    @Test
    void eachReadIsReportedWithTheOrderItsStatusAndHowManyReadsSoFar() {
        order("r-30", "o-30", -1);
        answer.set(status("IN_PROG"));
        poller.tick();
        journal.reschedule("o-30", 0);
        poller.tick();
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).containsEntry("type", "order-status").containsEntry("requestId", "r-30").containsEntry("orderId", "o-30")
                .containsEntry("octaneStatus", "IN_PROG").containsEntry("polls", 1).doesNotContainKey("unreadable");
        assertThat(events.get(1)).containsEntry("polls", 2);
    }

    @Test
    void anUnreadableAnswerIsCountedInTheMetricAndReportedWithWhatCouldNotBeRead() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        context.getRegistry().bind("meters", meters);
        order("r-31", "o-31", -1);
        answer.set(new OctaneUnreadableException("orderQuery", "element orderQueryResponse", null));
        for (int i = 0; i < 3; i++) {
            journal.reschedule("o-31", 0);
            poller.tick();
        }
        assertThat(meters.counter("octane.answers.unreadable", "operation", "orderQuery").count()).isEqualTo(3.0);
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).containsEntry("unreadable", "element orderQueryResponse");
        assertThat(events.get(2)).as("the stuck order's report").containsEntry("unreadable",
                "3 answers in a row to orderQuery of orderId o-31 could not be read (element orderQueryResponse; octane.poll.max-unreadable)");
    }

    @Test
    void anOrderFollowedTooLongSaysWhatItLastWasAndANewOneIsRead() {
        poller = poller(journal, budgets(Duration.ofMinutes(1)), settings(INTERVAL, INTERVAL, Duration.ofMillis(1)));
        order("r-32", "o-32", -1);
        journal.updateOrder("o-32", Journal.ORDER_PENDING, "IN_PROG", null, Map.of(), 0);
        org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > journal.order("o-32").orElseThrow().submittedAt() + 1);
        assertThat(poller.tick()).containsExactly("r-32");
        assertThat(journal.order("o-32").orElseThrow().errorMessage())
                .isEqualTo("order o-32 is still IN_PROG after PT0.001S (octane.poll.max-age): ask Octane about it");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("octaneStatus", "IN_PROG");

        poller = poller(journal, budgets(Duration.ofMinutes(1)), settings(INTERVAL, INTERVAL, Duration.ofDays(1)));
        order("r-33", "o-33", -1);
        answer.set(status("IN_PROG"));
        poller.tick();
        assertThat(reads).containsExactly("orderQuery o-33");
    }
}
