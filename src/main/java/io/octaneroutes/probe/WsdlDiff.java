package io.octaneroutes.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import javax.xml.namespace.QName;

import io.octaneroutes.gateway.SoapOperation;

/**
 * Compares Octane's WSDL of a service with ours, for the operations we call: that each exists,
 * and its request and answer trees element by element (names, types, required/optional, lists,
 * qualified or not). Operations Octane offers that we do not call are not compared; the probe
 * names them in its summary. Every finding relates to G-WSDL (our WSDLs are our reading of
 * partial docs) and to the operation's own gaps.
 */
final class WsdlDiff {
    private final Consumer<Finding> sink;

    WsdlDiff(Consumer<Finding> sink) {
        this.sink = sink;
    }

    /** @return the names of Octane's operations we do not call */
    List<String> compare(SoapOperation.Service service, List<SoapOperation> ours, WsdlModel mine, WsdlModel theirs) {
        if (!Objects.equals(mine.targetNamespace(), theirs.targetNamespace())) {
            sink.accept(new Finding(Finding.Kind.TYPED, service.name() + " WSDL", "targetNamespace",
                    "Octane's is " + theirs.targetNamespace() + ", ours " + mine.targetNamespace() + " (every call is addressed to ours)",
                    List.of("G-WSDL")));
        }
        for (SoapOperation op : ours) {
            List<String> gaps = ProbeReport.gaps(List.of("G-WSDL"), op.answer().gaps());
            WsdlModel.Op my = mine.operations().get(op.name());
            WsdlModel.Op their = theirs.operations().get(op.name());
            String subject = service.name() + " " + op.name();
            if (their == null) {
                sink.accept(new Finding(Finding.Kind.MISSING, subject, "",
                        "we call this operation; Octane's WSDL does not declare it", gaps));
                continue;
            }
            if (my == null) {
                continue; // cannot happen with our own WSDLs (the gateway's endpoints are generated from them)
            }
            tree(subject + " request", my.input(), mine, their.input(), theirs, true, gaps);
            tree(subject + " answer", my.output(), mine, their.output(), theirs, false, gaps);
        }
        List<String> others = new ArrayList<>();
        for (String name : theirs.operations().keySet()) {
            if (ours.stream().noneMatch(o -> o.name().equals(name))) {
                others.add(name);
            }
        }
        return others;
    }

    private void tree(String subject, QName myElement, WsdlModel mine, QName theirElement, WsdlModel theirs, boolean request, List<String> gaps) {
        if (theirElement == null) {
            sink.accept(new Finding(Finding.Kind.TYPED, subject, "", "Octane's message has no element part (not doc/literal?)", gaps));
            return;
        }
        if (!theirElement.equals(myElement)) {
            sink.accept(new Finding(Finding.Kind.TYPED, subject, "", "Octane's message element is " + theirElement + ", ours " + myElement, gaps));
        }
        ElementNode my = mine.element(myElement);
        ElementNode their = theirs.element(theirElement);
        if (their == null) {
            sink.accept(new Finding(Finding.Kind.MISSING, subject, theirElement.getLocalPart(),
                    "Octane's WSDL names this element but its schema does not declare it", gaps));
            return;
        }
        if (my != null) {
            children(subject, "", my, their, request, gaps);
        }
    }

    /** Compares the children of two declarations of the same element. */
    private void children(String subject, String path, ElementNode my, ElementNode their, boolean request, List<String> gaps) {
        for (ElementNode m : my.children()) {
            ElementNode t = their.child(m.name());
            String at = path.isEmpty() ? m.name() : path + "/" + m.name();
            if (t == null) {
                if (!their.anyChildren()) {
                    sink.accept(new Finding(Finding.Kind.MISSING, subject, at, request
                            ? "we send it; Octane's WSDL does not declare it" : "our WSDL declares it; Octane's does not", gaps));
                }
                continue;
            }
            element(subject, at, m, t, request, gaps);
        }
        for (ElementNode t : their.children()) {
            if (my.child(t.name()) == null && !my.anyChildren()) {
                String at = path.isEmpty() ? t.name() : path + "/" + t.name();
                sink.accept(new Finding(Finding.Kind.UNKNOWN, subject, at, request
                        ? (t.required() ? "Octane's WSDL requires it (minOccurs " + t.minOccurs() + "); we never send it"
                                : "Octane's WSDL declares it (optional); we never send it")
                        : "Octane's WSDL declares it (" + t.typeLabel() + "); ours does not: the client ignores it", gaps));
            }
        }
    }

    private void element(String subject, String at, ElementNode m, ElementNode t, boolean request, List<String> gaps) {
        if (!m.namespace().equals(t.namespace())) {
            sink.accept(new Finding(Finding.Kind.QUALIFIED, subject, at, (t.namespace().isEmpty() ? "unqualified" : "qualified (" + t.namespace() + ")")
                    + " at Octane, " + (m.namespace().isEmpty() ? "unqualified" : "qualified (" + m.namespace() + ")") + " in ours", gaps));
        }
        if (t.required() && !m.required()) {
            sink.accept(new Finding(Finding.Kind.REQUIRED, subject, at, "minOccurs " + t.minOccurs() + " at Octane, 0 in ours"
                    + (request ? ": a request without it may be refused" : ""), gaps));
        } else if (!t.required() && m.required()) {
            sink.accept(new Finding(Finding.Kind.OPTIONAL, subject, at, "optional at Octane, minOccurs " + m.minOccurs() + " in ours", gaps));
        }
        if (t.list() && !m.list()) {
            sink.accept(new Finding(Finding.Kind.LIST, subject, at, "maxOccurs " + occurs(t.maxOccurs()) + " at Octane, one in ours", gaps));
        } else if (!t.list() && m.list()) {
            sink.accept(new Finding(Finding.Kind.SINGLE, subject, at, "one at Octane, maxOccurs " + occurs(m.maxOccurs()) + " in ours", gaps));
        }
        if (m.complex() != t.complex()) {
            sink.accept(new Finding(Finding.Kind.TYPED, subject, at, t.typeLabel() + " at Octane, " + m.typeLabel() + " in ours", gaps));
            return;
        }
        if (!m.complex()) {
            if (!m.simpleType().equals(t.simpleType()) && !ElementNode.ANY_TYPE.equals(t.simpleType()) && !ElementNode.ANY_TYPE.equals(m.simpleType())) {
                sink.accept(new Finding(Finding.Kind.TYPED, subject, at, t.typeLabel() + " at Octane, " + m.typeLabel() + " in ours", gaps));
            }
            return;
        }
        if (m.recursive() || t.recursive()) {
            return;
        }
        children(subject, at, m, t, request, gaps);
    }

    private static String occurs(long max) {
        return max == ElementNode.UNBOUNDED ? "unbounded" : String.valueOf(max);
    }
}
