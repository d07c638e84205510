package io.octaneroutes.probe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;

import org.apache.ws.commons.schema.XmlSchema;
import org.apache.ws.commons.schema.XmlSchemaAll;
import org.apache.ws.commons.schema.XmlSchemaAny;
import org.apache.ws.commons.schema.XmlSchemaChoice;
import org.apache.ws.commons.schema.XmlSchemaCollection;
import org.apache.ws.commons.schema.XmlSchemaComplexContent;
import org.apache.ws.commons.schema.XmlSchemaComplexContentExtension;
import org.apache.ws.commons.schema.XmlSchemaComplexContentRestriction;
import org.apache.ws.commons.schema.XmlSchemaComplexType;
import org.apache.ws.commons.schema.XmlSchemaElement;
import org.apache.ws.commons.schema.XmlSchemaGroup;
import org.apache.ws.commons.schema.XmlSchemaGroupParticle;
import org.apache.ws.commons.schema.XmlSchemaGroupRef;
import org.apache.ws.commons.schema.XmlSchemaParticle;
import org.apache.ws.commons.schema.XmlSchemaSequence;
import org.apache.ws.commons.schema.XmlSchemaSimpleContent;
import org.apache.ws.commons.schema.XmlSchemaSimpleContentExtension;
import org.apache.ws.commons.schema.XmlSchemaSimpleContentRestriction;
import org.apache.ws.commons.schema.XmlSchemaSimpleType;
import org.apache.ws.commons.schema.XmlSchemaSimpleTypeContent;
import org.apache.ws.commons.schema.XmlSchemaSimpleTypeList;
import org.apache.ws.commons.schema.XmlSchemaSimpleTypeRestriction;
import org.apache.ws.commons.schema.XmlSchemaSimpleTypeUnion;
import org.apache.ws.commons.schema.XmlSchemaType;

/**
 * One element of a request or answer tree, as a WSDL's schema declares it: its wire name
 * (namespace empty when unqualified), how often it may occur, and either the XML Schema built-in
 * type its value has or its child elements. This is what the probe compares, WSDL against WSDL
 * and answer against WSDL; type names are left out on purpose (two WSDLs may name the same
 * structure differently and mean the same thing).
 *
 * <p>Built from Apache XmlSchema's model (the one CXF reads WSDLs with): sequences, choices,
 * {@code all}, group references, complex-content extensions and restrictions, simple content and
 * simple types down to their built-in base. A type met again below itself is not expanded
 * ({@code recursive}).
 */
record ElementNode(String name, String namespace, long minOccurs, long maxOccurs, QName simpleType,
                   List<ElementNode> children, boolean anyChildren, boolean ordered, boolean recursive) {
    static final long UNBOUNDED = Long.MAX_VALUE;
    static final QName ANY_TYPE = new QName(XMLConstants.W3C_XML_SCHEMA_NS_URI, "anyType");

    boolean complex() {
        return simpleType == null;
    }

    boolean list() {
        return maxOccurs > 1;
    }

    boolean required() {
        return minOccurs > 0;
    }

    ElementNode child(String localName) {
        for (ElementNode c : children) {
            if (c.name.equals(localName)) {
                return c;
            }
        }
        return null;
    }

    /** "xs:int", or "a complex type": names only, never a value. */
    String typeLabel() {
        return simpleType == null ? "a complex type" : "xs:" + simpleType.getLocalPart();
    }

    /** The tree of a global element (a wrapper element of doc/literal wrapped), or null when the schemas do not declare it. */
    static ElementNode of(XmlSchemaCollection schemas, QName element) {
        XmlSchemaElement decl = schemas.getElementByQName(element);
        return decl == null ? null : new Builder(schemas).element(decl, 1, 1, true);
    }

    private static final class Builder {
        private final XmlSchemaCollection schemas;
        /** complex types being expanded on the way down: a type met again is recursive */
        private final Deque<XmlSchemaComplexType> path = new ArrayDeque<>();

        Builder(XmlSchemaCollection schemas) {
            this.schemas = schemas;
        }

        /** @param global a top-level declaration: always qualified, whatever elementFormDefault says of local ones */
        ElementNode element(XmlSchemaElement decl, long min, long max, boolean global) {
            XmlSchemaElement target = decl.isRef() && decl.getRef().getTarget() != null ? decl.getRef().getTarget() : decl;
            QName wire = global ? decl.getQName() : decl.getWireName();
            String ns = wire.getNamespaceURI() == null ? "" : wire.getNamespaceURI();
            XmlSchemaType type = target.getSchemaType();
            if (type == null && target.getSchemaTypeName() != null) {
                type = schemas.getTypeByQName(target.getSchemaTypeName());
                if (type == null && isBuiltIn(target.getSchemaTypeName())) {
                    return leaf(wire.getLocalPart(), ns, min, max, target.getSchemaTypeName());
                }
            }
            if (type == null) {
                return leaf(wire.getLocalPart(), ns, min, max, ANY_TYPE); // no type: xs:anyType
            }
            if (type instanceof XmlSchemaSimpleType simple) {
                return leaf(wire.getLocalPart(), ns, min, max, builtIn(simple, 0));
            }
            XmlSchemaComplexType complex = (XmlSchemaComplexType) type;
            if (path.contains(complex)) {
                return new ElementNode(wire.getLocalPart(), ns, min, max, null, List.of(), false, false, true);
            }
            QName simpleContent = simpleContentBase(complex);
            if (simpleContent != null) {
                return leaf(wire.getLocalPart(), ns, min, max, simpleContent);
            }
            path.push(complex);
            try {
                Content content = new Content();
                complexContent(complex, content, 0);
                return new ElementNode(wire.getLocalPart(), ns, min, max, null, List.copyOf(content.children), content.any,
                        content.ordered, false);
            } finally {
                path.pop();
            }
        }

        private static ElementNode leaf(String name, String ns, long min, long max, QName type) {
            return new ElementNode(name, ns, min, max, type, List.of(), false, false, false);
        }

        /** The children of a complex type, its base types' first (an extension appends to its base). */
        private void complexContent(XmlSchemaComplexType complex, Content out, int depth) {
            if (depth > 20) {
                return;
            }
            if (complex.getContentModel() instanceof XmlSchemaComplexContent cc) {
                if (cc.getContent() instanceof XmlSchemaComplexContentExtension ext) {
                    if (schemas.getTypeByQName(ext.getBaseTypeName()) instanceof XmlSchemaComplexType base) {
                        complexContent(base, out, depth + 1);
                    }
                    particle(ext.getParticle(), 1, 1, out, false);
                } else if (cc.getContent() instanceof XmlSchemaComplexContentRestriction r) {
                    particle(r.getParticle(), 1, 1, out, false);
                }
                return;
            }
            if (complex.isMixed() && complex.getParticle() == null) {
                out.any = true;
            }
            particle(complex.getParticle(), 1, 1, out, false);
        }

        private void particle(XmlSchemaParticle particle, long min, long max, Content out, boolean inChoice) {
            if (particle == null) {
                return;
            }
            long pMin = inChoice ? 0 : times(min, particle.getMinOccurs());
            long pMax = times(max, particle.getMaxOccurs());
            if (particle instanceof XmlSchemaElement e) {
                out.children.add(element(e, pMin, pMax, false));
            } else if (particle instanceof XmlSchemaAny) {
                out.any = true;
            } else if (particle instanceof XmlSchemaSequence seq) {
                members(seq.getItems(), pMin, pMax, out, inChoice);
            } else if (particle instanceof XmlSchemaChoice choice) {
                members(choice.getItems(), pMin, pMax, out, true);
            } else if (particle instanceof XmlSchemaAll all) {
                out.ordered = false;
                members(all.getItems(), pMin, pMax, out, inChoice);
            } else if (particle instanceof XmlSchemaGroupRef ref) {
                XmlSchemaGroupParticle group = ref.getParticle();
                if (group == null && ref.getRefName() != null) {
                    XmlSchema schema = schemas.schemaForNamespace(ref.getRefName().getNamespaceURI());
                    XmlSchemaGroup named = schema == null ? null : schema.getGroupByName(ref.getRefName());
                    group = named == null ? null : named.getParticle();
                }
                if (group != null) {
                    particle(group, pMin, pMax, out, inChoice);
                }
            }
        }

        private void members(List<?> items, long min, long max, Content out, boolean inChoice) {
            for (Object item : items) {
                if (item instanceof XmlSchemaParticle p) {
                    particle(p, min, max, out, inChoice);
                }
            }
        }

        private QName simpleContentBase(XmlSchemaComplexType complex) {
            if (!(complex.getContentModel() instanceof XmlSchemaSimpleContent sc)) {
                return null;
            }
            QName base = sc.getContent() instanceof XmlSchemaSimpleContentExtension ext ? ext.getBaseTypeName()
                    : sc.getContent() instanceof XmlSchemaSimpleContentRestriction r ? r.getBaseTypeName() : null;
            if (base == null) {
                return ANY_TYPE;
            }
            XmlSchemaType type = schemas.getTypeByQName(base);
            return type instanceof XmlSchemaSimpleType simple ? builtIn(simple, 0) : isBuiltIn(base) ? base : ANY_TYPE;
        }

        /** The XML Schema built-in type a simple type restricts, at the end of its chain; xs:string for lists and unions. */
        private QName builtIn(XmlSchemaSimpleType simple, int depth) {
            if (simple.getQName() != null && isBuiltIn(simple.getQName())) {
                return simple.getQName();
            }
            XmlSchemaSimpleTypeContent content = simple.getContent();
            if (depth < 20 && content instanceof XmlSchemaSimpleTypeRestriction r) {
                if (r.getBaseTypeName() != null && isBuiltIn(r.getBaseTypeName())) {
                    return r.getBaseTypeName();
                }
                XmlSchemaSimpleType base = r.getBaseType() != null ? r.getBaseType()
                        : r.getBaseTypeName() != null && schemas.getTypeByQName(r.getBaseTypeName()) instanceof XmlSchemaSimpleType s ? s : null;
                if (base != null) {
                    return builtIn(base, depth + 1);
                }
            }
            if (content instanceof XmlSchemaSimpleTypeList || content instanceof XmlSchemaSimpleTypeUnion) {
                return new QName(XMLConstants.W3C_XML_SCHEMA_NS_URI, "string");
            }
            return ANY_TYPE;
        }

        private static boolean isBuiltIn(QName type) {
            return XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(type.getNamespaceURI());
        }

        /** Saturating product of occurrence bounds (unbounded stays unbounded). */
        private static long times(long a, long b) {
            if (a == 0 || b == 0) {
                return 0;
            }
            if (a == UNBOUNDED || b == UNBOUNDED || a > UNBOUNDED / b) {
                return UNBOUNDED;
            }
            return a * b;
        }
    }

    private static final class Content {
        final List<ElementNode> children = new ArrayList<>();
        boolean any;
        boolean ordered = true;
    }
}
