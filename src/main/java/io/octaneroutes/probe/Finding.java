package io.octaneroutes.probe;

import java.util.List;
import java.util.Locale;

/**
 * One thing the probe found where Octane differs from our models (or did not answer): its kind,
 * what it is about ({@code UtbOrder orderQuery answer}, {@code listPlans answer}), where in the
 * tree (element or field names, {@code []} for the items of a list), what differs, and the gaps.md
 * ids our model rests on there. Never a value: names, types and counts only.
 */
record Finding(Kind kind, String subject, String path, String detail, List<String> gaps) {
    Finding {
        gaps = List.copyOf(gaps);
    }

    /** The kinds of finding, and what each means for the client. */
    enum Kind {
        UNKNOWN("unknown", "Octane has an element, field or operation our models do not declare: ignored when read"),
        MISSING("missing", "our models declare, send or read something Octane's WSDL or answer does not have"),
        TYPED("differently typed", "another type at Octane: a leaf for a complex element, xs:string for xs:int, an object for a string, ..."),
        REQUIRED("required", "Octane requires (minOccurs >= 1) what our WSDL has optional"),
        OPTIONAL("optional", "Octane has optional what our WSDL requires"),
        LIST("list", "a list at Octane where our model declares one element or object"),
        SINGLE("single", "one element or object at Octane where our model declares a list"),
        QUALIFIED("qualified", "namespace-qualified at Octane where our WSDL declares unqualified (or the other way round)"),
        ORDER("order", "elements in another order than our WSDL's sequence (read in any order)"),
        ENVELOPE("envelope", "the REST payload in the other envelope than the documented one (the client reads both)"),
        REFUSED("refused", "Octane answered the probe's call with an in-band error: its answer could not be compared"),
        NO_ANSWER("no answer", "the path did not answer: HTTP error, connection refused, timeout, a SOAP fault other than rate limit"),
        NOT_CHECKED("not checked", "rate-limited longer than octane.probe.max-wait, or an answer too large to compare");

        private final String label;
        private final String meaning;

        Kind(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        String label() {
            return label;
        }

        String meaning() {
            return meaning;
        }

        /** A path that did not answer, or an answer the probe could not compare (exit code 2), rather than a difference (1). */
        boolean unanswered() {
            return this == REFUSED || this == NO_ANSWER || this == NOT_CHECKED;
        }

        /** The label as the report's first column. */
        String column() {
            return String.format(Locale.ROOT, "%-20s", "[" + label + "]");
        }
    }
}
