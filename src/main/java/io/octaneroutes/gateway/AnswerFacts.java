package io.octaneroutes.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * What we know about one operation's answer, kept on its {@link SoapOperation} / {@link RestOperation}
 * row so that each fact is written once: the Octane ids it carries (and where), where a
 * multi-order answer lists its orders, which order store entry it starts (the order the flow
 * then follows), whether a "no" is a branch of the flow rather than a failure, whether the call
 * only reads, and the gaps.md assumptions its shape rests on.
 *
 * <p>Paths are read by {@link AnswerPaths}, relative to the SOAP {@code return} element or to the
 * REST payload ({@code response}, see {@link OctaneAnswers#canonicalRest}).
 */
public record AnswerFacts(List<Id> ids, String orders, TrackedKind tracks, boolean branching, boolean readOnly, List<String> gaps) {

    /** An id the answer carries: the first value at {@code path}, or every value there when {@code all}. */
    public record Id(String name, String path, boolean all) {
    }

    public static Builder facts() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Id> ids = new ArrayList<>();
        private String orders;
        private TrackedKind tracks;
        private boolean branching;
        private boolean readOnly;
        private final List<String> gaps = new ArrayList<>();

        /** The id {@code name} is the first value at {@code path}. */
        public Builder id(String name, String path) {
            ids.add(new Id(name, path, false));
            return this;
        }

        /** The id {@code name} is the list of every value at {@code path} (e.g. one orderId per order). */
        public Builder ids(String name, String path) {
            ids.add(new Id(name, path, true));
            return this;
        }

        /** A multi-order answer: its orders (each with its own errorCode/success) are at {@code path}. */
        public Builder orders(String path) {
            this.orders = path;
            return this;
        }

        /** The answer starts an order (or enquiry) the flow then follows through the order store. */
        public Builder tracks(TrackedKind kind) {
            this.tracks = kind;
            return this;
        }

        /** Octane's "no" is a branch of the flow, journaled as it is (Reset eSIM: a refused reset takes the swap path). */
        public Builder branching() {
            this.branching = true;
            return this;
        }

        /** The call only reads: it changes nothing on Octane's side (the probe makes only these). */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        /** The gaps.md ids the answer's shape (or the path) rests on. */
        public Builder gaps(String... ids) {
            gaps.addAll(List.of(ids));
            return this;
        }

        public AnswerFacts build() {
            return new AnswerFacts(List.copyOf(ids), orders, tracks, branching, readOnly, List.copyOf(gaps));
        }
    }
}
