package io.octaneroutes.probe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.wsdl.Definition;
import javax.wsdl.Import;
import javax.wsdl.Message;
import javax.wsdl.Operation;
import javax.wsdl.Part;
import javax.wsdl.PortType;
import javax.wsdl.WSDLException;
import javax.wsdl.extensions.schema.Schema;
import javax.wsdl.factory.WSDLFactory;
import javax.wsdl.xml.WSDLReader;
import javax.xml.namespace.QName;

import org.apache.ws.commons.schema.XmlSchemaCollection;
import org.w3c.dom.Document;

/**
 * A WSDL as the probe compares it: its target namespace, its operations (each with the element
 * of its request and of its answer: doc/literal wrapped, soap-api.md section 1) and the schemas
 * those elements are declared in. Read with WSDL4J (the WSDL) and Apache XmlSchema (its types),
 * the libraries CXF itself reads WSDLs with; imported WSDLs and schemas are fetched through
 * {@link Documents}.
 */
final class WsdlModel {
    /** One operation: the global elements of its input and output message parts (null when a part has a type instead). */
    record Op(String name, QName input, QName output) {
    }

    private final String targetNamespace;
    private final Map<String, Op> operations;
    private final XmlSchemaCollection schemas;

    private WsdlModel(String targetNamespace, Map<String, Op> operations, XmlSchemaCollection schemas) {
        this.targetNamespace = targetNamespace;
        this.operations = operations;
        this.schemas = schemas;
    }

    String targetNamespace() {
        return targetNamespace;
    }

    Map<String, Op> operations() {
        return operations;
    }

    /** The element's tree, or null when no schema of this WSDL declares it. */
    ElementNode element(QName name) {
        return name == null ? null : ElementNode.of(schemas, name);
    }

    static WsdlModel load(Documents documents, String uri) throws Documents.NotAnswered {
        byte[] bytes = documents.fetch(uri);
        Document doc = Documents.parse(bytes);
        try {
            WSDLFactory factory = WSDLFactory.newInstance();
            WSDLReader reader = factory.newWSDLReader();
            reader.setFeature("javax.wsdl.verbose", false);
            reader.setFeature("javax.wsdl.importDocuments", true);
            reader.setExtensionRegistry(factory.newPopulatedExtensionRegistry());
            Definition definition = reader.readWSDL(documents.locator(uri, bytes), doc.getDocumentElement());

            XmlSchemaCollection schemas = new XmlSchemaCollection();
            schemas.setSchemaResolver(documents.schemaResolver());
            Map<String, Op> operations = new LinkedHashMap<>();
            for (Definition d : withImports(definition, new ArrayList<>())) {
                readSchemas(d, schemas);
                for (Object pt : d.getPortTypes().values()) {
                    for (Object o : ((PortType) pt).getOperations()) {
                        Operation op = (Operation) o;
                        operations.putIfAbsent(op.getName(), new Op(op.getName(),
                                op.getInput() == null ? null : element(op.getInput().getMessage()),
                                op.getOutput() == null ? null : element(op.getOutput().getMessage())));
                    }
                }
            }
            return new WsdlModel(definition.getTargetNamespace(), operations, schemas);
        } catch (Documents.UncheckedNotAnswered e) {
            throw new Documents.NotAnswered("an imported document: " + e.cause.getMessage());
        } catch (WSDLException e) {
            throw new Documents.NotAnswered("not a WSDL WSDL4J can read (" + e.getFaultCode() + ")");
        } catch (RuntimeException e) {
            // XmlSchema reports a broken schema with runtime exceptions; the report says what, not the document
            throw new Documents.NotAnswered("its schema cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The definition and every WSDL it imports, each once. */
    private static List<Definition> withImports(Definition d, List<Definition> seen) {
        if (d == null || seen.contains(d)) {
            return seen;
        }
        seen.add(d);
        for (Object imports : d.getImports().values()) {
            for (Object i : (Collection<?>) imports) {
                withImports(((Import) i).getDefinition(), seen);
            }
        }
        return seen;
    }

    /** The inline xs:schema elements of wsdl:types; XmlSchema follows their imports and includes (our resolver fetches them). */
    private static void readSchemas(Definition d, XmlSchemaCollection schemas) {
        if (d.getTypes() == null) {
            return;
        }
        for (Object ext : d.getTypes().getExtensibilityElements()) {
            if (ext instanceof Schema schema) {
                String base = schema.getDocumentBaseURI() != null ? schema.getDocumentBaseURI() : d.getDocumentBaseURI();
                schemas.setBaseUri(base);
                schemas.read(schema.getElement(), base);
            }
        }
    }

    /** doc/literal: the message's one part names an element. */
    private static QName element(Message message) {
        if (message == null) {
            return null;
        }
        for (Object p : message.getParts().values()) {
            Part part = (Part) p;
            if (part.getElementName() != null) {
                return part.getElementName();
            }
        }
        return null;
    }
}
