package io.octaneroutes.probe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import javax.wsdl.xml.WSDLLocator;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.ws.commons.schema.resolver.URIResolver;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * Fetches the WSDL and XSD documents the probe compares: Octane's over HTTP(S), ours from the
 * classpath ({@code classpath:wsdl/UtbOrder.wsdl}), and hands them to WSDL4J ({@link #locator})
 * and Apache XmlSchema ({@link #schemaResolver}) when a document imports another (Metro serves
 * its schema apart, {@code ?xsd=1}).
 *
 * <p>With the JDK's HttpClient, not camel-http: a document is not an Octane API call (no rate
 * budget, no login; PHP SoapClient and node-soap load {@code ?wsdl} the same way, soap-api.md
 * section 1), and WSDL4J and XmlSchema ask for imports synchronously in the middle of parsing,
 * where no Camel exchange is at hand. Bounded: a timeout per document, at most
 * {@link #MAX_BYTES}, and every document is first parsed with DTDs refused, so neither library
 * can be led to an external entity.
 */
final class Documents {
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final String CLASSPATH = "classpath:";

    private final HttpClient http;
    private final Duration readTimeout;

    Documents(Duration connectTimeout, Duration readTimeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.readTimeout = readTimeout;
    }

    /** A document that could not be had: what went wrong, in words for the report (no URL credentials, no body). */
    static final class NotAnswered extends Exception {
        NotAnswered(String what) {
            super(what, null, false, false);
        }
    }

    /** The same, through the WSDL4J and XmlSchema callbacks, which take no checked exceptions. */
    static final class UncheckedNotAnswered extends RuntimeException {
        final NotAnswered cause;

        UncheckedNotAnswered(NotAnswered cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** The document's bytes, checked to be XML without a DTD. */
    byte[] fetch(String uri) throws NotAnswered {
        byte[] bytes = uri.startsWith(CLASSPATH) ? classpath(uri.substring(CLASSPATH.length())) : http(uri);
        parse(bytes); // refuses a DTD before WSDL4J or XmlSchema parse it themselves
        return bytes;
    }

    /** Parsed with DTDs refused (no XXE, no entity expansion), namespace aware. */
    static Document parse(byte[] bytes) throws NotAnswered {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new NotAnswered("not well-formed XML, or XML with a DTD (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] classpath(String path) throws NotAnswered {
        try (InputStream in = Documents.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new NotAnswered("not in the jar: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new NotAnswered("cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private byte[] http(String uri) throws NotAnswered {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(readTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new NotAnswered("HTTP " + r.statusCode());
                }
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new NotAnswered("larger than " + MAX_BYTES / (1024 * 1024) + " MB");
                }
                return bytes;
            }
        } catch (HttpConnectTimeoutException e) {
            throw new NotAnswered("no connection within the connect timeout");
        } catch (HttpTimeoutException e) {
            throw new NotAnswered("no answer within the read timeout");
        } catch (ConnectException e) {
            throw new NotAnswered("connection refused (ConnectException)");
        } catch (IOException e) {
            throw new NotAnswered("connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAnswered("interrupted");
        } catch (IllegalArgumentException e) {
            throw new NotAnswered("not a valid URL");
        }
    }

    /** {@code location} relative to {@code base} (an http(s) URL or a classpath: one). */
    static String resolve(String base, String location) {
        if (location.contains("://") || location.startsWith(CLASSPATH)) {
            return location;
        }
        if (base.startsWith(CLASSPATH)) {
            String path = base.substring(CLASSPATH.length());
            int slash = path.lastIndexOf('/');
            return CLASSPATH + (slash < 0 ? "" : path.substring(0, slash + 1)) + location;
        }
        return URI.create(base).resolve(location).toString();
    }

    /** A URL as the report may show it: without user info (a URL may carry credentials) and without the query. */
    static String display(String uri) {
        try {
            URI u = URI.create(uri);
            if (u.getHost() == null) {
                return uri.startsWith(CLASSPATH) ? uri : "(not a URL)";
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getPath() == null ? "" : u.getPath());
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }

    /** WSDL4J's view: the base document already fetched, its wsdl:imports fetched here. */
    WSDLLocator locator(String baseUri, byte[] base) {
        return new WSDLLocator() {
            private String latest = baseUri;

            @Override
            public InputSource getBaseInputSource() {
                return source(baseUri, base);
            }

            @Override
            public InputSource getImportInputSource(String parentLocation, String importLocation) {
                latest = resolve(parentLocation == null ? baseUri : parentLocation, importLocation);
                try {
                    return source(latest, fetch(latest));
                } catch (NotAnswered e) {
                    throw new UncheckedNotAnswered(e);
                }
            }

            @Override
            public String getBaseURI() {
                return baseUri;
            }

            @Override
            public String getLatestImportURI() {
                return latest;
            }

            @Override
            public void close() {
            }
        };
    }

    /** XmlSchema's view: xsd:import and xsd:include fetched here. */
    URIResolver schemaResolver() {
        return (targetNamespace, schemaLocation, baseUri) -> {
            if (schemaLocation == null || schemaLocation.isBlank()) {
                return null;
            }
            String uri = baseUri == null ? schemaLocation : resolve(baseUri, schemaLocation);
            try {
                return source(uri, fetch(uri));
            } catch (NotAnswered e) {
                throw new UncheckedNotAnswered(e);
            }
        };
    }

    private static InputSource source(String uri, byte[] bytes) {
        InputSource s = new InputSource(new ByteArrayInputStream(bytes));
        s.setSystemId(uri);
        return s;
    }
}
