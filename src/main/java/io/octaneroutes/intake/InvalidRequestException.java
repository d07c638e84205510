package io.octaneroutes.intake;

import java.util.List;

/**
 * A request that cannot be run as sent; carries the reasons found, each one a sentence a human
 * can act on, bounded by {@link Reasons} (so is the message, which is what gets logged).
 */
public class InvalidRequestException extends RuntimeException {
    private final List<String> reasons;

    public InvalidRequestException(List<String> reasons) {
        this(Reasons.bounded(reasons), true);
    }

    /** {@code total} reasons were found; {@code reasons} are the first of them. */
    public InvalidRequestException(List<String> reasons, int total) {
        this(Reasons.bounded(reasons, total), true);
    }

    public InvalidRequestException(String reason) {
        this(List.of(reason));
    }

    private InvalidRequestException(List<String> bounded, boolean ignored) {
        super(String.join("; ", bounded), null, false, false);
        this.reasons = bounded;
    }

    public List<String> getReasons() {
        return reasons;
    }
}
