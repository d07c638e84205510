package io.octaneroutes.intake;

import java.util.List;

/** The flow ids of the intake contract (design.md), and which of them this version runs. */
public final class Flows {
    /** flows with a route file in routes/ and a JSON schema in schemas/. */
    public static final List<String> AVAILABLE = List.of(
            "mobile.activate.new-msn.physical-sim", "mobile.activate.port-msn.physical-sim", "mobile.activate.new-msn.esim",
            "mobile.activate.port-msn.esim", "mobile.esim.reset", "mobile.datapool.create", "mobile.datapool.transfer",
            "mobile.datapool.set-limit", "mobile.datapool.remove-consumers", "mobile.datapool.disconnect", "mobile.change.plan",
            "mobile.change.features", "mobile.change.excess-spend", "mobile.add.once-off-bolt-on", "nbn.activate", "nbn.change",
            "nbn.terminate", "nbn.reschedule", "nbn.withdraw", "nbn.diagnostic-test", "nbn.health-check",
            "connectyou.sip-trunk.activate", "connectyou.sip-trunk.reactivate-indials", "connectyou.unite-calling.activate");

    /** every flow id of the intake contract. */
    public static final List<String> CONTRACT = List.of(
            "mobile.activate.new-msn.physical-sim", "mobile.activate.port-msn.physical-sim", "mobile.activate.new-msn.esim",
            "mobile.activate.port-msn.esim", "mobile.esim.reset", "mobile.datapool.create", "mobile.datapool.transfer",
            "mobile.datapool.set-limit", "mobile.datapool.remove-consumers", "mobile.datapool.disconnect", "mobile.change.plan",
            "mobile.change.features", "mobile.change.excess-spend", "mobile.add.once-off-bolt-on", "nbn.activate", "nbn.change",
            "nbn.terminate", "nbn.reschedule", "nbn.withdraw", "nbn.diagnostic-test", "nbn.health-check",
            "connectyou.sip-trunk.activate", "connectyou.sip-trunk.reactivate-indials", "connectyou.unite-calling.activate");

    private Flows() {
    }
}
