package io.octaneroutes.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.octaneroutes.events.Events;

/**
 * The events a flow bean emits, kept in order instead of being published (no route, no topic):
 * each as Events builds it (Events.body), copied at the moment it was emitted.
 */
final class RecordedEvents extends Events {
    final List<Map<String, Object>> emitted = new ArrayList<>();

    RecordedEvents() {
        super(null, null);
    }

    @Override
    public void publish(Prepared prepared) {
        Map<String, Object> event = new java.util.LinkedHashMap<>(prepared.body());
        event.remove("at"); // the tests compare whole events; the time is the clock's, not the flow's
        emitted.add(event);
    }

    List<Object> types() {
        return emitted.stream().map(e -> e.get("type")).toList();
    }

    Map<String, Object> last() {
        return emitted.get(emitted.size() - 1);
    }
}
