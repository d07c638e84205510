package io.octaneroutes.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.octaneroutes.events.Events;

/**
 * The events a flow bean emits, kept in order instead of being published (no route, no topic):
 * each as Events builds it (type, requestId, flow, step, then the ids and the extra fields,
 * nulls left out), copied at the moment it was emitted.
 */
final class RecordedEvents extends Events {
    final List<Map<String, Object>> emitted = new ArrayList<>();

    RecordedEvents() {
        super(null, null);
    }

    @Override
    public Map<String, Object> emit(String type, String requestId, String flow, String step, Map<String, ?> ids, Map<String, ?> extra) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("requestId", requestId);
        event.put("flow", flow);
        if (step != null) {
            event.put("step", step);
        }
        if (ids != null) {
            ids.forEach((k, v) -> {
                if (v != null) {
                    event.put(k, v);
                }
            });
        }
        if (extra != null) {
            extra.forEach((k, v) -> {
                if (v != null) {
                    event.put(k, v);
                }
            });
        }
        emitted.add(event);
        return event;
    }

    List<Object> types() {
        return emitted.stream().map(e -> e.get("type")).toList();
    }

    Map<String, Object> last() {
        return emitted.get(emitted.size() - 1);
    }
}
