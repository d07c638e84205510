package io.octaneroutes.intake;

import java.util.List;

/** A request that cannot be run as sent; carries every reason found, each one a sentence a human can act on. */
public class InvalidRequestException extends RuntimeException {
    private final List<String> reasons;

    public InvalidRequestException(List<String> reasons) {
        super(String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> getReasons() {
        return reasons;
    }
}
