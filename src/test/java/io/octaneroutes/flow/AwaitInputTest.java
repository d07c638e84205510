package io.octaneroutes.flow;

import static io.octaneroutes.flow.FlowFixtures.accepted;
import static io.octaneroutes.flow.FlowFixtures.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.H2Journal;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.RequestRecord;

/**
 * A step that waits for a person (the port-in OTP): with its input the flow goes on; without it
 * the request waits (journaled AWAITING_INPUT until the expiry, an awaiting-input event saying what
 * to send, this run ended); a refused input is asked for again until Octane's attempt limit, then
 * the request fails with Octane's refusal. The input itself is in no event.
 */
class AwaitInputTest {
    private static final Duration EXPIRY = Duration.ofMinutes(10);
    private static final String VERIFY = "port.verify-otp";
    private Journal journal;
    private RecordedEvents events;
    private AwaitInput await;
    private FlowState state;

    @BeforeEach
    void await() {
        journal = H2Journal.fresh();
        events = new RecordedEvents();
        await = new AwaitInput(journal, events, EXPIRY, 3);
        state = accepted(journal, "r-otp", "mobile.activate.port-msn.esim", Map.of("msn", "0412"));
    }

    @AfterEach
    void drop() {
        H2Journal.drop(journal);
    }

    private static Exchange refusedBy(Exchange e, String message) {
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new OctaneBusinessException("manageOtp", "12", message));
        return e;
    }

    @Test
    void withItsInputTheFlowGoesOn() {
        state.getResults().put(Journal.INPUT_STEP, Map.of("otpCode", "123456"));
        Exchange e = exchange(state, "port.await-otp");
        await.require(e, "otpCode");
        assertThat(e.isRouteStop()).isFalse();
        assertThat(events.emitted).isEmpty();
        assertThat(journal.find("r-otp").orElseThrow().status()).isEqualTo(Journal.ACCEPTED);
    }

    @Test
    void withoutItTheRequestWaitsUntilTheExpiryAndTheEventSaysWhatToSend() {
        Exchange e = exchange(state, "port.await-otp");
        long before = System.currentTimeMillis();
        await.require(e, "otpCode");
        long after = System.currentTimeMillis();
        assertThat(e.isRouteStop()).as("this run ends").isTrue();
        RequestRecord r = journal.find("r-otp").orElseThrow();
        assertThat(r.status()).isEqualTo(Journal.AWAITING_INPUT);
        String reason = "waiting for otpCode: send {\"requestId\":\"r-otp\",\"continue\":{\"otpCode\":…}}";
        assertThat(r.errorMessage()).isEqualTo(reason);
        assertThat(r.retryAt()).isBetween(before + EXPIRY.toMillis(), after + EXPIRY.toMillis());
        assertThat(events.emitted).hasSize(1);
        Map<String, Object> event = events.last();
        assertThat(event).containsEntry("type", "awaiting-input").containsEntry("step", "port.await-otp")
                .containsEntry("needs", "otpCode").containsEntry("reason", reason)
                .containsEntry("expiresAt", Instant.ofEpochMilli(r.retryAt()).toString());
    }

    @Test
    void anotherInputDoesNotStandForTheOneNeeded() {
        state.getResults().put(Journal.INPUT_STEP, Map.of("other", "x"));
        Exchange e = exchange(state, "port.await-otp");
        await.require(e, "otpCode");
        assertThat(e.isRouteStop()).isTrue();
    }

    @Test
    void aRefusedInputIsAskedForAgainWithOctanesReasonAndForgotten() {
        journal.awaitInput("r-otp", "waiting", System.currentTimeMillis() + 1000);
        journal.continueWith("r-otp", Map.of("otpCode", "000000"));
        journal.startStep("r-otp", VERIFY, "manageOtp");
        state = journal.loadState("r-otp");
        Exchange e = refusedBy(exchange(state, VERIFY), "wrong code");
        await.refused(e, "otpCode", VERIFY);
        assertThat(journal.step("r-otp", Journal.INPUT_STEP)).as("the refused code is forgotten").isEmpty();
        assertThat(state.input("otpCode")).isNull();
        assertThat(e.isRouteStop()).isTrue();
        assertThat(journal.find("r-otp").orElseThrow().status()).isEqualTo(Journal.AWAITING_INPUT);
        assertThat(events.last()).containsEntry("type", "awaiting-input")
                .containsEntry("reason", "Octane refused the otpCode (attempt 1 of 3): wrong code; waiting for otpCode: send "
                        + "{\"requestId\":\"r-otp\",\"continue\":{\"otpCode\":…}}");
        assertThat(events.emitted.toString()).doesNotContain("000000");
    }

    @Test
    void theAttemptIsTheVerifyStepsAndOneBeforeItWasJournaled() {
        journal.startStep("r-otp", VERIFY, "manageOtp");
        journal.startStep("r-otp", VERIFY, "manageOtp");
        await.refused(refusedBy(exchange(state, VERIFY), "wrong code"), "otpCode", VERIFY);
        assertThat((String) events.last().get("reason")).startsWith("Octane refused the otpCode (attempt 2 of 3)");
        await.refused(refusedBy(exchange(state, VERIFY), "wrong code"), "otpCode", "never.journaled");
        assertThat((String) events.last().get("reason")).startsWith("Octane refused the otpCode (attempt 1 of 3)");
    }

    @Test
    void atOctanesAttemptLimitTheRefusalFailsTheRequest() {
        for (int i = 0; i < 3; i++) {
            journal.startStep("r-otp", VERIFY, "manageOtp");
        }
        Exchange e = refusedBy(exchange(state, VERIFY), "too many attempts");
        assertThatThrownBy(() -> await.refused(e, "otpCode", VERIFY)).isInstanceOf(OctaneBusinessException.class)
                .extracting(t -> ((OctaneBusinessException) t).getErrorMessage()).isEqualTo("too many attempts");
        assertThat(e.isRouteStop()).isFalse();
        assertThat(events.emitted).isEmpty();
        assertThat(journal.find("r-otp").orElseThrow().status()).as("not waiting: the failure is the dispatch's to report")
                .isEqualTo(Journal.RUNNING);
    }

    @Test
    void aRefusalWithoutOctanesAnswerIsAnError() {
        Exchange e = exchange(state, VERIFY);
        assertThatThrownBy(() -> await.refused(e, "otpCode", VERIFY)).isInstanceOf(IllegalStateException.class)
                .hasMessage("refused without an Octane answer");
        assertThat(events.emitted).isEmpty();
    }
}
