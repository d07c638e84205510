package io.octaneroutes.probe;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the probe found: one summary line per WSDL and per call, and every finding, the same
 * finding at the items of a list counted once ({@code ×3}). Rendered as plain text for an
 * operator; the exit code says what kind of result it is.
 */
public final class ProbeReport {
    /** Every path answered and matched our models. */
    public static final int SAME = 0;
    /** Differences found; every path answered. */
    public static final int DIFFERENCES = 1;
    /** At least one path did not answer (or refused the probe's call, or could not be checked). */
    public static final int UNANSWERED = 2;
    /** The probe could not run (configuration). Not produced here: {@code app.ProbeCommand} returns it. */
    public static final int CANNOT_RUN = 3;

    private final String header;
    private final List<String> wsdlLines = new ArrayList<>();
    private final List<String> callLines = new ArrayList<>();
    /** finding (without its count) → how often it was seen */
    private final Map<Finding, Integer> findings = new LinkedHashMap<>();

    ProbeReport(String header) {
        this.header = header;
    }

    void wsdl(String line) {
        wsdlLines.add(line);
    }

    void call(String line) {
        callLines.add(line);
    }

    void add(Finding finding) {
        findings.merge(finding, 1, Integer::sum);
    }

    /** The distinct findings, in the order first seen. */
    public List<Finding> findings() {
        return List.copyOf(findings.keySet());
    }

    /** The distinct findings of one subject (e.g. {@code "UtbPlan getGroupPlans answer"}). */
    List<Finding> about(String subject) {
        return findings.keySet().stream().filter(f -> f.subject().equals(subject)).toList();
    }

    public int exitCode() {
        if (findings.keySet().stream().anyMatch(f -> f.kind().unanswered())) {
            return UNANSWERED;
        }
        return findings.isEmpty() ? SAME : DIFFERENCES;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(header).append("\n\n");
        out.append("WSDLs (ours: wsdl/<Service>.wsdl in the jar; Octane's: <octane.soap.url>/<Service>?wsdl)\n");
        wsdlLines.forEach(l -> out.append("  ").append(l).append('\n'));
        out.append("\nRead-only calls (through the gateway: rate budgets and fault classification apply)\n");
        callLines.forEach(l -> out.append("  ").append(l).append('\n'));
        out.append('\n');
        if (findings.isEmpty()) {
            out.append("No difference found.\n");
        } else {
            out.append("Findings (").append(findings.size()).append("; gap ids from shared/octane/gaps.md):\n");
            // grouped by subject in the order the subjects came, by path within one
            List<String> subjects = findings.keySet().stream().map(Finding::subject).distinct().toList();
            List<Map.Entry<Finding, Integer>> sorted = new ArrayList<>(findings.entrySet());
            sorted.sort(java.util.Comparator.<Map.Entry<Finding, Integer>>comparingInt(e -> subjects.indexOf(e.getKey().subject()))
                    .thenComparing(e -> e.getKey().path()));
            sorted.forEach(entry -> {
                Finding f = entry.getKey();
                int n = entry.getValue();
                out.append("  ").append(f.kind().column()).append(f.subject());
                if (!f.path().isEmpty()) {
                    out.append("  ").append(f.path());
                }
                out.append(": ").append(f.detail());
                if (n > 1) {
                    out.append(" (x").append(n).append(')');
                }
                // no gap id: the shape there is the docs' own (e.g. the SQ answer, doc api-5037724)
                out.append("  [").append(f.gaps().isEmpty() ? "documented, no gap" : String.join(" ", f.gaps())).append(']');
                out.append('\n');
            });
            Set<Finding.Kind> kinds = EnumSet.noneOf(Finding.Kind.class);
            findings.keySet().forEach(f -> kinds.add(f.kind()));
            out.append("\nWhat the kinds mean:\n");
            kinds.forEach(k -> out.append("  ").append(k.column()).append(k.meaning()).append('\n'));
        }
        long differences = findings.keySet().stream().filter(f -> !f.kind().unanswered()).count();
        long unanswered = findings.keySet().stream().filter(f -> f.kind().unanswered()).count();
        out.append("\nResult: ").append(differences).append(differences == 1 ? " difference, " : " differences, ")
                .append(unanswered).append(unanswered == 1 ? " path" : " paths").append(" not answered or not checked; exit code ")
                .append(exitCode()).append('\n');
        return out.toString();
    }

    /** The gap ids of a finding: G-WSDL for WSDL-level ones, then the operation's, without repeats. */
    static List<String> gaps(List<String> first, List<String> more) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(more);
        return List.copyOf(all);
    }
}
