package io.octaneroutes.flow;

/**
 * The order a flow follows is stuck: the poller gave up on it (answers it could not read, or
 * followed for longer than {@code octane.poll.max-age}). Nothing automatic will move it on, so
 * the request is parked for a person, with the reason the poller recorded.
 */
public class OrderStuckException extends RuntimeException {
    private final String operation;

    public OrderStuckException(String operation, String reason) {
        super(reason);
        this.operation = operation;
    }

    public String getOperation() {
        return operation;
    }
}
