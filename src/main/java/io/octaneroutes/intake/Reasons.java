package io.octaneroutes.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The bounds of a rejection's reasons, the same on every path (HTTP 400 body, {@code .reason}
 * file, JMS header {@code OctaneRejectReason}, log line; issue 12, item 5): at most
 * {@value #MAX_REASONS} reasons of at most {@value #MAX_CHARS} characters each, then one
 * "... and N more" line. A document of 87,000 bad items thus yields about 6 KB of reasons, not
 * 11 MB (and no JMS header beyond the broker's limit).
 */
public final class Reasons {
    public static final int MAX_REASONS = 20;
    public static final int MAX_CHARS = 300;

    private Reasons() {
    }

    /** The reasons as they are reported: bounded in number and length, one line each. */
    public static List<String> bounded(Collection<String> reasons) {
        return bounded(reasons, reasons.size());
    }

    /** The same, when {@code total} reasons were found of which only the first ones were kept. */
    public static List<String> bounded(Collection<String> reasons, int total) {
        List<String> out = new ArrayList<>(Math.min(reasons.size(), MAX_REASONS + 1));
        for (String reason : reasons) {
            if (out.size() == MAX_REASONS) {
                break;
            }
            out.add(clip(reason));
        }
        int more = Math.max(total, reasons.size()) - out.size();
        if (more > 0) {
            out.add("... and " + more + " more reason" + (more == 1 ? "" : "s") + " (fix these first)");
        }
        return List.copyOf(out);
    }

    /** One reason on one line, at most {@value #MAX_CHARS} characters. */
    static String clip(String reason) {
        String line = reason == null ? "" : reason.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 3) + "...";
    }
}
