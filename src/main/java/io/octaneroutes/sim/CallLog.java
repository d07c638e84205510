package io.octaneroutes.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every call the simulator received, in order, with its key values and outcome. Never holds
 * credentials or customer personal data. Tests and the admin API read it.
 */
public class CallLog {
    /** One call. {@code outcome}: ok, error:&lt;code&gt;, fault:233, fault:login, injected:&lt;kind&gt;, http:&lt;status&gt;. */
    public record Entry(long seq, long realMillis, Instant simTime, String api, String service, String operation,
                        Map<String, String> keys, String outcome, boolean r1Violation) {
        public String key(String name) {
            return keys.get(name);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private long seq;

    public synchronized Entry add(Instant simTime, String api, String service, String operation, Map<String, String> keys,
                                  String outcome, boolean r1Violation) {
        Entry e = new Entry(++seq, System.currentTimeMillis(), simTime, api, service, operation, Map.copyOf(keys), outcome, r1Violation);
        entries.add(e);
        return e;
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized long count(String operation) {
        return entries.stream().filter(e -> e.operation().equals(operation)).count();
    }

    public synchronized long faults233() {
        return entries.stream().filter(e -> "fault:233".equals(e.outcome())).count();
    }

    public synchronized long r1Violations() {
        return entries.stream().filter(Entry::r1Violation).count();
    }
}
