package io.octaneroutes.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneGateway;
import io.octaneroutes.gateway.OctaneTransientException;
import io.octaneroutes.gateway.OctaneUncertainException;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.H2Journal;
import io.octaneroutes.journal.Journal;

/**
 * G-IDEMP's reconciliation of an orderCreate whose answer was lost (H2 journal, Octane's
 * queryResources scripted on {@code direct:call-queryResources}): the selected MSN still SELECTED
 * means the order was not created, so its STARTED marker is forgotten and the create may go again;
 * any other status, no status, no MSN or a failed lookup keep it uncertain, saying why and what to
 * look for in Octane.
 */
class ReconcilerTest {
    private static final String STEP = "esim.create";
    private Journal journal;
    private DefaultCamelContext context;
    private Reconciler reconciler;
    private FlowState state;
    private final List<Object> queries = new ArrayList<>();
    private final AtomicReference<Object> answer = new AtomicReference<>();

    @BeforeEach
    void reconciler() throws Exception {
        journal = H2Journal.fresh();
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call-queryResources").process(e -> {
                    queries.add(e.getVariable(OctaneGateway.REQUEST));
                    if (answer.get() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    e.getIn().setBody(answer.get());
                });
            }
        });
        context.start();
        reconciler = new Reconciler(journal, Duration.ZERO);
        reconciler.setTemplate(context.createProducerTemplate());
        journal.accept("r-1", "mobile.activate.new-msn.esim", Map.of(), "http");
        journal.startStep("r-1", STEP, "orderCreate");
        state = journal.loadState("r-1");
    }

    @AfterEach
    void stop() {
        context.stop();
        H2Journal.drop(journal);
    }

    private Exchange lost(String message) {
        Exchange e = new DefaultExchange(context);
        e.setVariable(StepJournal.STATE, state);
        e.setProperty(Exchange.STEP_ID, STEP);
        if (message != null) {
            e.setProperty(Exchange.EXCEPTION_CAUGHT, new OctaneUncertainException("orderCreate", message, null));
        }
        return e;
    }

    private static Map<String, Object> msnIs(String internalStatus) {
        return Map.of("errorCode", 0, "pooledResources", List.of(Map.of("resourceValue", "0411000001", "internalStatus", internalStatus)));
    }

    @Test
    void aStillSelectedMsnMeansTheOrderWasNotCreatedAndTheCreateMayGoAgain() throws Exception {
        state.getIds().put("msn", 411000001L);
        answer.set(msnIs("SELECTED"));
        reconciler.orderCreateNotApplied(lost("read timed out"));
        assertThat(queries).containsExactly(Map.of("queryValue", "411000001"));
        assertThat(journal.step("r-1", STEP)).as("its STARTED marker forgotten").isEmpty();
    }

    @Test
    void itLetsARequestStillInFlightOnOctanesSideLandBeforeLooking() throws Exception {
        Reconciler settling = new Reconciler(journal, Duration.ofMillis(150));
        settling.setTemplate(context.createProducerTemplate());
        state.getIds().put("msn", "0411000001");
        answer.set(msnIs("SELECTED"));
        long t0 = System.nanoTime();
        settling.orderCreateNotApplied(lost(null));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(queries).hasSize(1);
    }

    @Test
    void anyOtherStatusMeansOctaneMostLikelyCreatedItAndTheRequestStaysUncertain() {
        state.getIds().put("msn", "0411000001");
        answer.set(msnIs("ASSIGNED"));
        assertThatThrownBy(() -> reconciler.orderCreateNotApplied(lost("read timed out"))).isInstanceOfSatisfying(OctaneUncertainException.class,
                u -> {
                    assertThat(u.getMessage()).isEqualTo("orderCreate outcome unknown: read timed out; MSN 0411000001 is now ASSIGNED, so Octane"
                            + " most likely created the order, but its orderId never reached us: find the order for MSN 0411000001 in Octane");
                    assertThat(u.getOperation()).isEqualTo("orderCreate");
                    assertThat(u.getCause()).isInstanceOf(OctaneUncertainException.class);
                });
        assertThat(journal.step("r-1", STEP).orElseThrow().status()).isEqualTo(Journal.STEP_STARTED);
    }

    @Test
    void anAnswerWithoutAStatusIsNoProofEither() {
        state.getIds().put("msn", "0411000001");
        answer.set(Map.of("errorCode", 0));
        assertThatThrownBy(() -> reconciler.orderCreateNotApplied(lost(null))).isInstanceOf(OctaneUncertainException.class)
                .hasMessage("orderCreate outcome unknown: its answer was lost; MSN 0411000001 is now unknown, so Octane most likely created"
                        + " the order, but its orderId never reached us: find the order for MSN 0411000001 in Octane");
        assertThat(journal.step("r-1", STEP)).isPresent();
    }

    @Test
    void withoutAnMsnThereIsNothingToCheckAgainst() {
        assertThatThrownBy(() -> reconciler.orderCreateNotApplied(lost("connection reset"))).isInstanceOf(OctaneUncertainException.class)
                .hasMessage("orderCreate outcome unknown: connection reset; no MSN to check it against");
        assertThat(queries).as("nothing asked").isEmpty();
        assertThat(journal.step("r-1", STEP)).isPresent();
    }

    @Test
    void aLookupThatFailsTooKeepsItUncertainAndSaysSo() {
        state.getIds().put("msn", "0411000001");
        answer.set(new OctaneTransientException("queryResources", "HTTP 503", 0, null));
        assertThatThrownBy(() -> reconciler.orderCreateNotApplied(lost("read timed out"))).isInstanceOf(OctaneUncertainException.class)
                .hasMessage("orderCreate outcome unknown: read timed out; checking MSN 0411000001 failed too (queryResources: HTTP 503)");
        assertThat(journal.step("r-1", STEP)).isPresent();
    }
}
