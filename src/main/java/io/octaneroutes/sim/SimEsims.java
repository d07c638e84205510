package io.octaneroutes.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.octaneroutes.sim.SimServices.Service;
import io.octaneroutes.sim.SimState.Order;
import io.octaneroutes.sim.SimState.Resource;

/**
 * The REST eSIM operations (rest-api.md §6, flows.md M3-M5; gap G-ESIM): Get eSIM Details and
 * Manage eSIM (Reset Esim), on the eSIM of an msn's active service or of its pending eSIM
 * order. Not thread-safe on its own: every call happens under the {@link SimState} lock.
 */
final class SimEsims {
    /** G-ESIM: the profileState values (GSMA-style); the first four allow a Reset (M5). */
    static final List<String> PROFILE_STATES = List.of("RELEASED", "LINKED", "AVAILABLE", "ERROR", "DOWNLOADED", "INSTALLED", "ENABLED",
            "DISABLED", "DELETED");
    private static final Set<String> RESETTABLE = Set.of("RELEASED", "LINKED", "AVAILABLE", "ERROR");

    private final SimState state;

    SimEsims(SimState state) {
        this.state = state;
    }

    /**
     * G-ESIM: Get eSIM Details. By msn the eSIM is the active service's (so after a SIM swap, the
     * new one); a QR code exists once no eSIM order for that msn is still IN_PROG (the activation,
     * port or swap has COMMITTED). By orderId: that order's eSIM, once it is COMMITTED or COMPLETE.
     */
    Map<String, Object> details(Map<String, Object> body) {
        String type = String.valueOf(body.get("requestType"));
        String msn = SimState.text(body.get("msn"));
        String orderId = SimState.text(body.get("orderId"));
        if (!"QR Code".equals(type) && !"SIM Details".equals(type)) {
            return SimState.restError(10, "requestType must be 'QR Code' or 'SIM Details'");
        }
        boolean qr = "QR Code".equals(type);
        Resource esim;
        String number;
        Order notReady; // the order whose eSIM has no QR code yet
        if (orderId != null) {
            Order order = state.orders.get(orderId);
            esim = order == null ? null : order.esim;
            number = order == null ? null : order.msn;
            notReady = order != null && !"COMMITTED".equals(order.internalStatus) && !"COMPLETE".equals(order.internalStatus) ? order : null;
        } else {
            Service s = state.services.activeByNumber(msn);
            notReady = pendingEsimOrder(msn);
            esim = s != null && s.esim != null ? s.esim : notReady != null ? notReady.esim : null;
            number = msn;
        }
        if (esim == null) {
            return SimState.restError(21, "No eSIM service found for " + (orderId != null ? "order " + orderId : "msn " + msn));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("msn", number);
        if (qr) {
            if (notReady != null) {
                return SimState.restError(30, "QR code not available: order " + notReady.orderId + " is " + notReady.internalStatus);
            }
            response.put("activationCode", "LPA:1$smdp.sim.example$" + esim.value.substring(esim.value.length() - 8)
                    + (esim.orderId != null ? esim.orderId : "0"));
            response.put("qrCode", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        } else {
            response.put("iccid", esim.value);
            response.put("eid", esim.eid);
            response.put("profileState", esim.profileState);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("errorCode", 0);
        out.put("response", response);
        return out;
    }

    /** The latest eSIM order (new line, port-in, pool, swap) for that msn still IN_PROG, or null. */
    private Order pendingEsimOrder(String msn) {
        Order found = null;
        for (Order o : state.liveOrders()) {
            if (msn != null && msn.equals(o.msn) && o.esim != null && "IN_PROG".equals(o.internalStatus)) {
                found = o;
            }
        }
        return found;
    }

    /** The eSIM of an msn: its active service's, else the one its pending eSIM order holds. */
    private Resource esimOf(String msn) {
        Service s = state.services.activeByNumber(msn);
        if (s != null && s.esim != null) {
            return s.esim;
        }
        Order pending = pendingEsimOrder(msn);
        return pending == null ? null : pending.esim;
    }

    /**
     * G-ESIM: Manage eSIM, Reset Esim to RELEASED (M5 step 2): done only from RELEASED, LINKED,
     * AVAILABLE or ERROR; otherwise {@code success:false} with the profileState unchanged.
     */
    Map<String, Object> reset(Map<String, Object> body) {
        if (!"Reset Esim".equals(body.get("orderType"))) {
            return SimState.restError(10, "orderType must be 'Reset Esim'");
        }
        if (!"RELEASED".equals(body.get("targetState"))) {
            return SimState.restError(10, "targetState must be 'RELEASED'");
        }
        String msn = SimState.text(body.get("msn"));
        Resource esim = esimOf(msn);
        if (esim == null) {
            return SimState.restError(21, "No eSIM service found for msn " + msn);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!RESETTABLE.contains(esim.profileState)) {
            out.put("success", false); // G-ESIM: {"success":false,"profileState":<unchanged>}, nothing more
            out.put("profileState", esim.profileState);
            return out;
        }
        esim.profileState = "RELEASED";
        out.put("success", true);
        out.put("profileState", esim.profileState);
        return out;
    }

    /** Test hook (G-ESIM): sets the profileState of an msn's eSIM; false when the msn has none. */
    boolean setProfileState(String msn, String profileState) {
        if (!PROFILE_STATES.contains(profileState)) {
            throw new IllegalArgumentException("profileState must be one of " + PROFILE_STATES);
        }
        Resource esim = esimOf(msn);
        if (esim == null) {
            return false;
        }
        esim.profileState = profileState;
        return true;
    }
}
