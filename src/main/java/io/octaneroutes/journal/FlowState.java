package io.octaneroutes.journal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a flow knows while it runs: the request's params, the Octane ids gathered so far
 * (custNo, msn, orderId, activationCode, ...) and each completed step's Octane response.
 * It is rebuilt from the journal whenever a flow is (re)dispatched, so a resumed flow sees
 * exactly what the steps before it produced.
 */
public class FlowState {
    private String requestId;
    private String flow;
    private Map<String, Object> params = new LinkedHashMap<>();
    private Map<String, Object> ids = new LinkedHashMap<>();
    private Map<String, Map<String, Object>> results = new LinkedHashMap<>();

    public String getRequestId() {
        return requestId;
    }

    public void setRequestId(String requestId) {
        this.requestId = requestId;
    }

    public String getFlow() {
        return flow;
    }

    public void setFlow(String flow) {
        this.flow = flow;
    }

    public Map<String, Object> getParams() {
        return params;
    }

    public void setParams(Map<String, Object> params) {
        this.params = params;
    }

    public Map<String, Object> getIds() {
        return ids;
    }

    public void setIds(Map<String, Object> ids) {
        this.ids = ids;
    }

    public Map<String, Map<String, Object>> getResults() {
        return results;
    }

    public void setResults(Map<String, Map<String, Object>> results) {
        this.results = results;
    }

    /** A param, or an id gathered by an earlier step under the same name (e.g. custNo from Add Customer). */
    public Object value(String name) {
        Object v = ids.get(name);
        return v != null ? v : params.get(name);
    }

    /** {@link #value}, which the step at hand cannot do without. */
    public Object required(String name) {
        Object v = value(name);
        if (v == null) {
            throw new IllegalStateException("flow " + flow + " has no '" + name + "' at this step");
        }
        return v;
    }

    /** An input a continuation brought (e.g. the OTP code the customer read out), or null. */
    public Object input(String name) {
        Map<String, Object> inputs = results.get(Journal.INPUT_STEP);
        return inputs == null ? null : inputs.get(name);
    }

    /** Reads a path such as {@code reserveResources.reservedPooledResources.0.resourceValue} from the step results. */
    @SuppressWarnings("unchecked")
    public Object result(String path) {
        Object current = results;
        for (String part : path.split("\\.")) {
            if (current instanceof Map<?, ?> m) {
                current = m.get(part);
            } else if (current instanceof List<?> l && part.chars().allMatch(Character::isDigit)) {
                int i = Integer.parseInt(part);
                current = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }
}
