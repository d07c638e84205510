package io.octaneroutes.flow;

import static io.octaneroutes.flow.FlowFixtures.accepted;
import static io.octaneroutes.flow.FlowFixtures.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneGateway;
import io.octaneroutes.gateway.OctaneUncertainException;
import io.octaneroutes.gateway.RestOperation;
import io.octaneroutes.gateway.SoapOperation;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.H2Journal;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.OrderRecord;

/**
 * The gateway's listener on the flow side (H2 journal): a journaled answer is handed back instead
 * of a call, a create whose earlier attempt was sent and never answered is refused (G-IDEMP) and
 * nothing else is, the STARTED marker is written when the call is sent, and a completed call is
 * journaled with its ids, the order it starts (first read one interval later, R1, per kind) and
 * its events.
 */
class StepJournalTest {
    private static final Duration MOBILE = Duration.ofSeconds(60);
    private static final Duration NBN = Duration.ofSeconds(300);
    private Journal journal;
    private RecordedEvents events;
    private StepJournal listener;
    private FlowState state;

    @BeforeEach
    void listener() {
        journal = H2Journal.fresh();
        events = new RecordedEvents();
        listener = new StepJournal(journal, events, MOBILE, NBN);
        state = accepted(journal, "r-1", "mobile.activate.new-msn.esim", Map.of("custNo", 554433));
    }

    @AfterEach
    void drop() {
        H2Journal.drop(journal);
    }

    @Test
    void theStateIsTheDispatchedFlowsAndThereIsNoneOutsideOne() {
        assertThat(StepJournal.state(exchange(state, null))).isSameAs(state);
        Exchange outside = new DefaultExchange(FlowFixtures.CONTEXT);
        assertThatThrownBy(() -> StepJournal.state(outside)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a dispatched flow");
    }

    @Test
    void theStepIsTheYamlStepsIdElseTheOperation() {
        Exchange e = exchange(state, "esim.reserve");
        e.setVariable(OctaneGateway.OPERATION, "reserveResources");
        assertThat(StepJournal.stepName(e)).isEqualTo("esim.reserve");
        Exchange bare = exchange(state, null);
        bare.setVariable(OctaneGateway.OPERATION, "reserveResources");
        assertThat(StepJournal.stepName(bare)).isEqualTo("reserveResources");
    }

    @Test
    void aStepWithAJournaledAnswerGetsThatAnswerAndOneWithoutGetsNone() {
        state.getResults().put("esim.reserve", Map.of("msn", "0411"));
        assertThat(listener.recorded(exchange(state, "esim.reserve"), SoapOperation.reserveResources)).containsEntry("msn", "0411");
        assertThat(listener.recorded(exchange(state, "esim.select"), SoapOperation.selectResource)).isNull();
    }

    @Test
    void aCreateSentBeforeAndNeverAnsweredIsRefusedNotSentAgain() {
        Exchange e = exchange(state, "esim.create");
        assertThatCode(() -> listener.begin(e, SoapOperation.orderCreate)).as("never sent").doesNotThrowAnyException();
        listener.sending(e, SoapOperation.orderCreate);
        assertThatThrownBy(() -> listener.begin(e, SoapOperation.orderCreate)).isInstanceOf(OctaneUncertainException.class)
                .hasMessage("orderCreate outcome unknown: an earlier attempt of step 'esim.create' was sent to Octane and its answer was never recorded")
                .extracting(t -> ((OctaneUncertainException) t).getOperation()).isEqualTo("orderCreate");
        assertThatCode(() -> listener.begin(exchange(state, "esim.other"), SoapOperation.orderCreate)).as("another step")
                .doesNotThrowAnyException();
    }

    @Test
    void aCallThatCreatesNothingIsSentAgainWhateverItsMarkerSays() {
        Exchange e = exchange(state, "esim.reserve");
        listener.sending(e, SoapOperation.reserveResources);
        assertThatCode(() -> listener.begin(e, SoapOperation.reserveResources)).doesNotThrowAnyException();
    }

    @Test
    void aCreateAnsweredBeforeIsNotRefused() {
        Exchange e = exchange(state, "esim.create");
        listener.sending(e, SoapOperation.orderCreate);
        listener.completed(e, SoapOperation.orderCreate, Map.of("orderId", "o-1"), Map.of("orderId", "o-1"));
        assertThatCode(() -> listener.begin(e, SoapOperation.orderCreate)).doesNotThrowAnyException();
    }

    @Test
    void theStartedMarkerOfACreateIsWrittenWhenTheCallIsSent() {
        listener.sending(exchange(state, "esim.create"), SoapOperation.orderCreate);
        Journal.StepRecord step = journal.step("r-1", "esim.create").orElseThrow();
        assertThat(step.status()).isEqualTo(Journal.STEP_STARTED);
        assertThat(step.operation()).isEqualTo("orderCreate");
        assertThat(journal.find("r-1").orElseThrow().status()).isEqualTo(Journal.RUNNING);
    }

    @Test
    void aReadWritesNothingWhenSentAndIsJournaledWithItsFirstSendAndAttemptsWhenAnswered() throws Exception {
        Exchange e = exchange(state, "esim.reserve");
        long before = System.currentTimeMillis();
        listener.sending(e, SoapOperation.reserveResources);
        long firstSent = System.currentTimeMillis();
        assertThat(journal.step("r-1", "esim.reserve")).as("no marker for a read").isEmpty();
        Thread.sleep(20); // not a wait: puts the retry and the answer visibly later than the first send
        listener.sending(e, SoapOperation.reserveResources); // a retry of the same step
        listener.completed(e, SoapOperation.reserveResources, Map.of("errorCode", 0), Map.of("msn", "0411"));
        Journal.StepRecord step = journal.step("r-1", "esim.reserve").orElseThrow();
        assertThat(step.status()).isEqualTo(Journal.STEP_DONE);
        assertThat(step.attempts()).isEqualTo(2);
        assertThat(step.startedAt()).as("the first send's time").isBetween(before, firstSent);
        assertThat(step.finishedAt()).isGreaterThanOrEqualTo(firstSent + 20);
        assertThat(e.getVariable(StepJournal.READ_SENT)).as("not carried into the next step").isNull();

        // the next read step of the same exchange starts its own count
        Exchange next = e;
        next.setProperty(Exchange.STEP_ID, "esim.select");
        listener.sending(next, SoapOperation.selectResource);
        listener.completed(next, SoapOperation.selectResource, Map.of("errorCode", 0), Map.of());
        assertThat(journal.step("r-1", "esim.select").orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void aCompletedCallIsJournaledWithItsIdsAndReportedAsAStep() {
        state.getIds().put("custNo", 554433);
        Exchange e = exchange(state, "esim.reserve");
        listener.completed(e, SoapOperation.reserveResources, Map.of("reservedPooledResources", Map.of("resourceValue", "0411")),
                Map.of("msn", "0411"));
        assertThat(state.getIds()).containsEntry("msn", "0411").containsEntry("custNo", 554433);
        assertThat(state.getResults()).containsKey("esim.reserve");
        FlowState reloaded = journal.loadState("r-1");
        assertThat(reloaded.getIds()).containsEntry("msn", "0411").containsEntry("custNo", 554433);
        assertThat(reloaded.getResults().get("esim.reserve")).containsKey("reservedPooledResources");
        assertThat(journal.orders("r-1")).as("no order to follow").isEmpty();
        assertThat(events.emitted).containsExactly(Map.of("type", "step-done", "requestId", "r-1", "flow", "mobile.activate.new-msn.esim",
                "step", "esim.reserve", "custNo", 554433, "msn", "0411", "operation", "reserveResources"));
    }

    @Test
    void aMobileOrderIsFollowedFromOneIntervalAfterItsCreate() {
        long before = System.currentTimeMillis();
        listener.completed(exchange(state, "esim.create"), SoapOperation.orderCreate, Map.of("orderId", "o-7"), Map.of("orderId", "o-7"));
        OrderRecord order = journal.order("o-7").orElseThrow();
        assertThat(order.requestId()).isEqualTo("r-1");
        assertThat(order.status()).isEqualTo(Journal.ORDER_PENDING);
        assertThat(order.nextPollAt()).isBetween(before + MOBILE.toMillis(), System.currentTimeMillis() + MOBILE.toMillis());
        assertThat(events.types()).containsExactly("step-done", "order-submitted");
        assertThat(events.last()).containsEntry("orderId", "o-7").containsEntry("step", "esim.create").containsEntry("operation", "orderCreate");
    }

    @Test
    void anNbnOrderAndAnEnquiryAreKeyedByTheirKindAndFollowedAtTheNbnInterval() {
        long before = System.currentTimeMillis();
        listener.completed(exchange(state, "nbn.create"), RestOperation.createNbnActivation, Map.of(), Map.of("orderId", "N-1"));
        OrderRecord nbn = journal.order("nbn:N-1").orElseThrow();
        assertThat(nbn.nextPollAt()).isBetween(before + NBN.toMillis(), System.currentTimeMillis() + NBN.toMillis());
        listener.completed(exchange(state, "diag.create"), RestOperation.createEnquiry, Map.of(), Map.of("enquiryId", "E-1"));
        OrderRecord enquiry = journal.order("enquiry:E-1").orElseThrow();
        assertThat(enquiry.nextPollAt()).isGreaterThanOrEqualTo(before + NBN.toMillis());
        assertThat(journal.order("N-1")).isEmpty();
        assertThat(events.types()).containsExactly("step-done", "order-submitted", "step-done", "order-submitted");
    }

    @Test
    void aCreateWhoseAnswerCarriesNoOrderIdHasNoOrderToFollow() {
        listener.completed(exchange(state, "esim.create"), SoapOperation.orderCreate, Map.of("errorCode", 0), Map.of());
        assertThat(journal.orders("r-1")).isEmpty();
        assertThat(journal.step("r-1", "esim.create").orElseThrow().status()).isEqualTo(Journal.STEP_DONE);
        assertThat(events.types()).containsExactly("step-done");
    }
}
