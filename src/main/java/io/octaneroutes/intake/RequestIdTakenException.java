package io.octaneroutes.intake;

/**
 * A requestId that another client's request already uses (HTTP 409): a client sees only its own
 * requests, so it learns neither the other request's status nor whose it is.
 */
public class RequestIdTakenException extends InvalidRequestException {
    public RequestIdTakenException() {
        super("requestId is already in use by another sending system: choose another");
    }
}
