package io.octaneroutes.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Variable;

import io.octaneroutes.gateway.AnswerPaths;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.SoapOperation;
import io.octaneroutes.journal.FlowState;

/**
 * ConnectYou requests. ASSUMED SHAPES (gap G-CY): the Octane docs list the ConnectYou flows
 * and operations by title only. Every ConnectYou wire name the routes use is here (order
 * actions, order items, fields) or in {@code wsdl/UtbConnectYou.wsdl} (the operations): when
 * the real pages are obtained, these two files change and nothing else.
 */
public class ConnectYouRequests {
    // ---- G-CY placeholders: orderCreate actions and their items (UtbOrder.wsdl) ----
    static final String ACTION_NEW_SIP_TRUNK = "ADD_SIP_TRUNK";
    static final String ITEM_NEW_SIP_TRUNK = "sipTrunkNewReqItem";
    static final String ACTION_CONFIGURE_SIP_TRUNK = "CHANGE_SIP_TRUNK_CONFIG";
    static final String ITEM_CONFIGURE_SIP_TRUNK = "sipTrunkConfigReqItem";
    static final String ACTION_PORT_TO_SIP_TRUNK = "PORT_SIP_TRUNK_NUMBERS";
    static final String ITEM_PORT_TO_SIP_TRUNK = "sipTrunkPortReqItem";
    static final String ACTION_NEW_UNITE_CALLING = "ADD_UNITE_CALLING";
    static final String ITEM_NEW_UNITE_CALLING = "uniteCallingNewReqItem";
    /** the status of a trunk number that is not in service (Query a Business SIP Trunk Service). */
    static final String NUMBER_INACTIVE = "Inactive";

    /** Get Available Numbers: as many as the request wants (default 1), in its zone if given. */
    public Map<String, Object> availableNumbers(@Variable("state") FlowState state) {
        Map<String, Object> request = new LinkedHashMap<>();
        Object zone = state.getParams().get("zone");
        if (zone != null) {
            request.put("zone", zone);
        }
        request.put("quantity", state.getParams().getOrDefault("quantity", 1));
        return request;
    }

    /** Create a Number Reservation: the numbers the request names, else those Get Available Numbers offered. */
    public Map<String, Object> reserveNumbers(@Variable("state") FlowState state) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("custNo", state.required("custNo"));
        request.put("numbers", numbers(state));
        return request;
    }

    /** Create a New Business SIP Trunk (orderCreate). */
    public Map<String, Object> newSipTrunk(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("planNo", state.required("planNo"));
        item.put("trunkName", state.required("trunkName"));
        item.put("channels", state.required("channels"));
        item.put("reservationId", state.required("reservationId"));
        item.put("numbers", numbers(state));
        return OctaneRequests.order(state, ACTION_NEW_SIP_TRUNK, ITEM_NEW_SIP_TRUNK, item);
    }

    /** Configure Business SIP Trunk (orderCreate): channels and the primary number (the first one). */
    public Map<String, Object> configureSipTrunk(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineSeqNo", state.required("lineSeqNo"));
        item.put("channels", state.required("channels"));
        item.put("primaryNumber", numbers(state).get(0));
        return OctaneRequests.order(state, ACTION_CONFIGURE_SIP_TRUNK, ITEM_CONFIGURE_SIP_TRUNK, item);
    }

    /** Query a Business SIP Trunk Service. */
    public Map<String, Object> queryTrunk(@Variable("state") FlowState state) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("custNo", state.required("custNo"));
        request.put("lineSeqNo", state.required("lineSeqNo"));
        return request;
    }

    /** Port Numbers to a Business SIP Trunk (orderCreate): the direct indials to bring back. */
    public Map<String, Object> reactivateIndials(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineSeqNo", state.required("lineSeqNo"));
        item.put("numbers", inactiveNumbers(state));
        return OctaneRequests.order(state, ACTION_PORT_TO_SIP_TRUNK, ITEM_PORT_TO_SIP_TRUNK, item);
    }

    /** Unite Calling activation (orderCreate). */
    public Map<String, Object> newUniteCalling(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("planNo", state.required("planNo"));
        item.put("reservationId", state.required("reservationId"));
        item.put("numbers", numbers(state));
        return OctaneRequests.order(state, ACTION_NEW_UNITE_CALLING, ITEM_NEW_UNITE_CALLING, item);
    }

    /** Get Available Numbers must offer as many numbers as asked for. */
    public void requireEnoughNumbers(@Body Map<String, Object> answer, @Variable("state") FlowState state) {
        int wanted = ((Number) state.getParams().getOrDefault("quantity", 1)).intValue();
        List<?> offered = AnswerPaths.list(answer.get("numbers"));
        if (offered.size() < wanted) {
            throw new OctaneBusinessException(SoapOperation.getAvailableNumbers.name(), "NO_NUMBERS", "Octane offers " + offered.size()
                    + " number(s) where " + wanted + " were asked for");
        }
    }

    /** The numbers to reactivate: those asked for must be on the trunk and not in service; none asked = every inactive one. */
    public void requireInactiveNumbers(@Variable("state") FlowState state) {
        inactiveNumbers(state);
    }

    @SuppressWarnings("unchecked")
    static List<Object> inactiveNumbers(FlowState state) {
        Map<String, Object> trunk = state.getResults().get("cy-reactivate.query-trunk");
        List<Object> inactive = new ArrayList<>();
        List<Object> onTrunk = new ArrayList<>();
        for (Object n : AnswerPaths.list(trunk == null ? null : trunk.get("numbers"))) {
            Map<String, Object> number = (Map<String, Object>) n;
            onTrunk.add(number.get("number"));
            if (NUMBER_INACTIVE.equalsIgnoreCase(String.valueOf(number.get("status")))) {
                inactive.add(number.get("number"));
            }
        }
        Object asked = state.getParams().get("numbers");
        if (asked == null) {
            if (inactive.isEmpty()) {
                throw new OctaneBusinessException(SoapOperation.queryBusinessSipTrunk.name(), "NOTHING_TO_REACTIVATE", "every number on trunk "
                        + state.value("lineSeqNo") + " is in service");
            }
            return inactive;
        }
        for (Object n : (List<Object>) asked) {
            if (!onTrunk.contains(n)) {
                throw new OctaneBusinessException(SoapOperation.queryBusinessSipTrunk.name(), "NOT_ON_TRUNK", "number " + n + " is not on trunk " + state.value("lineSeqNo"));
            }
            if (!inactive.contains(n)) {
                throw new OctaneBusinessException(SoapOperation.queryBusinessSipTrunk.name(), "ALREADY_ACTIVE", "number " + n + " is already in service");
            }
        }
        return (List<Object>) asked;
    }

    @SuppressWarnings("unchecked")
    static List<Object> numbers(FlowState state) {
        Object asked = state.getParams().get("numbers");
        if (asked != null) {
            return (List<Object>) asked;
        }
        Map<String, Object> offered = state.getResults().get(state.getFlow().startsWith("connectyou.unite") ? "cy-unite.available-numbers"
                : "cy-trunk.available-numbers");
        int wanted = ((Number) state.getParams().getOrDefault("quantity", 1)).intValue();
        List<Object> all = new ArrayList<>(AnswerPaths.list(offered == null ? null : offered.get("numbers")));
        if (all.size() < wanted) {
            throw new IllegalStateException("no available numbers at this step");
        }
        return all.subList(0, wanted);
    }

}
