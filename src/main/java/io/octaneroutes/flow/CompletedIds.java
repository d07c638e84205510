package io.octaneroutes.flow;

import java.util.List;
import java.util.Map;

/**
 * The Octane ids each flow's {@code completed} event (and the status API) carries, as README
 * "Flows" lists them: what a caller needs to find what the flow made or changed in Octane. Most
 * come from Octane's answers (the operations' facts); an id the request itself named (the
 * number ported, the order withdrawn) is reported too, so every event says what it is about.
 * Ids that only some runs produce (activationCode when the QR code was fetched, the swap's
 * orderId on the Reset eSIM swap path, consumers' orderIds) come on top of these.
 */
public final class CompletedIds {
    private static final List<String> MOBILE_ORDER = List.of("orderId");
    private static final List<String> ACTIVATION = List.of("custNo", "msn", "orderId");
    private static final List<String> POOL_ORDERS = List.of("orderIds");

    private static final Map<String, List<String>> BY_FLOW = Map.ofEntries(
            Map.entry("mobile.activate.new-msn.physical-sim", ACTIVATION),
            Map.entry("mobile.activate.port-msn.physical-sim", ACTIVATION),
            Map.entry("mobile.activate.new-msn.esim", ACTIVATION),
            Map.entry("mobile.activate.port-msn.esim", ACTIVATION),
            Map.entry("mobile.esim.reset", List.of("msn", "profileState")),
            Map.entry("mobile.datapool.create", List.of("orderId", "msn", "lineSeqNo", "providerId")),
            Map.entry("mobile.datapool.transfer", POOL_ORDERS),
            Map.entry("mobile.datapool.set-limit", POOL_ORDERS),
            Map.entry("mobile.datapool.remove-consumers", POOL_ORDERS),
            Map.entry("mobile.datapool.disconnect", POOL_ORDERS),
            Map.entry("mobile.change.plan", MOBILE_ORDER),
            Map.entry("mobile.change.features", MOBILE_ORDER),
            Map.entry("mobile.change.excess-spend", MOBILE_ORDER),
            Map.entry("mobile.add.once-off-bolt-on", MOBILE_ORDER),
            Map.entry("nbn.activate", List.of("orderId", "locationId", "csn", "orderStatus")),
            Map.entry("nbn.change", List.of("orderId", "orderStatus")),
            Map.entry("nbn.terminate", List.of("orderId", "orderStatus")),
            Map.entry("nbn.reschedule", List.of("orderId", "appointmentId")),
            Map.entry("nbn.withdraw", List.of("orderId")),
            Map.entry("nbn.diagnostic-test", List.of("enquiryId", "enquiryStatus", "result")),
            Map.entry("nbn.health-check", List.of("enquiryId", "enquiryStatus", "result")),
            Map.entry("connectyou.sip-trunk.activate", List.of("reservationId", "orderId", "lineSeqNo")),
            Map.entry("connectyou.sip-trunk.reactivate-indials", List.of("orderId")),
            Map.entry("connectyou.unite-calling.activate", List.of("reservationId", "orderId", "lineSeqNo")));

    private CompletedIds() {
    }

    /** The ids the completed event of {@code flow} always carries. */
    public static List<String> of(String flow) {
        List<String> ids = BY_FLOW.get(flow);
        if (ids == null) {
            throw new IllegalArgumentException("no completed ids declared for flow " + flow);
        }
        return ids;
    }
}
