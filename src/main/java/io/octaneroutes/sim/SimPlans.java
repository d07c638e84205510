package io.octaneroutes.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * UtbPlan (soap-api.md section 6): {@code getGroupPlans{login, group{groupNo}}} answers the
 * group's plans as the real fixture shows them, {@code return{errorCode, groupName, groupNo,
 * groupPlan[]{planNo, planName, usageType}}}. The plans are the seeded ones (G-TESTDATA): the
 * mobile plans, the pool provider and consumer plans listed like any other (G-POOL-PLAN) and
 * the assumed ConnectYou plans (G-CY). NBN plans are REST's List Plans (G-PLANS).
 */
final class SimPlans {
    private SimPlans() {
    }

    /**
     * @param configuredGroup the simulator's group ({@code octane.simulator.group-no}); 744, the
     *                        fixture's group, is accepted too (G-TESTDATA: "group 123 (also 744)")
     */
    static Map<String, Object> groupPlans(int configuredGroup, Map<Integer, String> mobilePlans, Object groupNo) {
        Long group = SimState.asLong(groupNo);
        if (group == null || (group != configuredGroup && group != 744)) {
            // G-ERR: 10 = invalid or missing parameter
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("errorCode", 10);
            out.put("errorMessage", "Group " + groupNo + " not found");
            return out;
        }
        List<Map<String, Object>> plans = new ArrayList<>();
        mobilePlans.forEach((planNo, name) -> plans.add(plan(planNo, name, "MB")));
        new TreeMap<>(SimConnectYou.PLANS).forEach((planNo, name) -> plans.add(plan(planNo, name, "MIN")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", 0);
        out.put("groupName", "SIMULATOR GROUP " + group);
        out.put("groupNo", group);
        out.put("groupPlan", plans);
        return out;
    }

    private static Map<String, Object> plan(int planNo, String name, String usageType) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("planNo", planNo);
        p.put("planName", name);
        p.put("usageType", usageType);
        return p;
    }
}
