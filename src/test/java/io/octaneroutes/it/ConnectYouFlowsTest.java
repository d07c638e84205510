package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * The ConnectYou flows on the sequences proposed in gaps.md G-CY, against the simulator's
 * equally assumed ConnectYou (the docs give titles only): call order, optional steps exactly
 * when their condition holds, and Octane's refusals.
 */
class ConnectYouFlowsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        // Octane commits and completes an order within 25 of its minutes (TestApp's 900x clock: 1.7 s), so the first
        // orderQuery, one octane.poll.min-interval (2 s = R1's 30 minutes) after the create, finds it done
        app = TestApp.start(Map.of("octane.simulator.order.commit-after", "15m"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void clearCallLog() {
        app.simulator().callLog().clear();
    }

    @Test
    void activatesASipTrunkOnNumbersOctaneOffers() throws Exception {
        submit("cy-1", "connectyou.sip-trunk.activate", "{\"custNo\":554433,\"planNo\":40001,\"trunkName\":\"Head office\",\"channels\":10,\"quantity\":2,\"zone\":\"NSW\"}");
        assertThat(app.awaitFinal("cy-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("getAvailableNumbers", "createNumberReservation", "orderCreate", "orderQuery", "orderCreate");
        List<CallLog.Entry> creates = calls("orderCreate");
        assertThat(creates.get(0).key("orderAction")).isEqualTo("ADD_SIP_TRUNK");
        assertThat(creates.get(0).key("reservationId")).isEqualTo(lastEvent("cy-1").get("reservationId"));
        assertThat(creates.get(1).key("orderAction")).isEqualTo("CHANGE_SIP_TRUNK_CONFIG");
        assertThat(creates.get(1).key("lineSeqNo")).isEqualTo(String.valueOf(lastEvent("cy-1").get("lineSeqNo")));
        assertThat(lastEvent("cy-1")).containsEntry("type", "completed");
    }

    @Test
    void namedNumbersSkipTheSearchAndAnUnavailableOneFailsWithOctanesReason() throws Exception {
        submit("cy-2", "connectyou.sip-trunk.activate", "{\"custNo\":554433,\"planNo\":40001,\"trunkName\":\"Branch\",\"channels\":4,\"numbers\":[\"0290001025\"]}");
        assertThat(app.awaitFinal("cy-2", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("createNumberReservation", "orderCreate", "orderQuery", "orderCreate");

        app.simulator().callLog().clear();
        submit("cy-3", "connectyou.sip-trunk.activate", "{\"custNo\":554433,\"planNo\":40001,\"trunkName\":\"Again\",\"channels\":4,\"numbers\":[\"0290001025\"]}");
        assertThat(app.awaitFinal("cy-3", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("cy-3")).containsEntry("type", "failed").containsEntry("errorCode", "30");
        assertThat(steps()).containsExactly("createNumberReservation");
    }

    @Test
    void reactivatesTheDirectIndialsThatAreOutOfService() throws Exception {
        Map<String, Object> trunk = app.simAdmin("POST", "/sim/connectyou/trunks", "{\"custNo\":554433,\"count\":3,\"inactive\":2}");
        app.simulator().callLog().clear();
        submit("cy-4", "connectyou.sip-trunk.reactivate-indials", "{\"custNo\":554433,\"lineSeqNo\":" + trunk.get("lineSeqNo") + "}");
        assertThat(app.awaitFinal("cy-4", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("queryBusinessSipTrunk", "orderCreate", "orderQuery");
        assertThat(calls("orderCreate").get(0).key("orderAction")).isEqualTo("PORT_SIP_TRUNK_NUMBERS");

        // now every number is in service: asking for one again is refused before any order
        String first = ((Map<?, ?>) trunk.get("numbers")).keySet().iterator().next().toString();
        app.simulator().callLog().clear();
        submit("cy-5", "connectyou.sip-trunk.reactivate-indials", "{\"custNo\":554433,\"lineSeqNo\":" + trunk.get("lineSeqNo")
                + ",\"numbers\":[\"" + first + "\"]}");
        assertThat(app.awaitFinal("cy-5", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("cy-5")).containsEntry("errorCode", "ALREADY_ACTIVE");
        assertThat(steps()).containsExactly("queryBusinessSipTrunk");
    }

    @Test
    void activatesUniteCalling() throws Exception {
        submit("cy-6", "connectyou.unite-calling.activate", "{\"custNo\":554433,\"planNo\":40002,\"zone\":\"VIC\"}");
        assertThat(app.awaitFinal("cy-6", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("getAvailableNumbers", "createNumberReservation", "orderCreate", "orderQuery");
        assertThat(calls("orderCreate").get(0).key("orderAction")).isEqualTo("ADD_UNITE_CALLING");
        assertThat(lastEvent("cy-6")).containsEntry("type", "completed").containsKey("lineSeqNo");
    }

    // ------------------------------------------------------------ helpers

    static void submit(String id, String flow, String params) throws Exception {
        app.submit(id, flow, params);
    }

    static List<String> steps() {
        return app.steps();
    }

    static List<CallLog.Entry> calls(String operation) {
        return app.calls(operation);
    }

    static Map<String, Object> lastEvent(String requestId) throws Exception {
        return app.lastEvent(requestId);
    }
}
