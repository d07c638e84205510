package io.octaneroutes.gateway;

/**
 * What one read of a followed order (or enquiry) says: done, failed, still pending, or not
 * readable ({@code what} names the element or field we could not read: never a value).
 */
public record OrderStatus(State state, String octaneStatus, String message, String what) {
    public enum State {
        DONE, FAILED, PENDING, UNREADABLE
    }

    static OrderStatus done(String status) {
        return new OrderStatus(State.DONE, status, null, null);
    }

    static OrderStatus failed(String status, String message) {
        return new OrderStatus(State.FAILED, status, message, null);
    }

    static OrderStatus pending(String status) {
        return new OrderStatus(State.PENDING, status, null, null);
    }

    static OrderStatus unreadable(String status, String what) {
        return new OrderStatus(State.UNREADABLE, status, null, what);
    }
}
