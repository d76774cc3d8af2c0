package io.hookflow.ingress.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.ws.rs.core.Response;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Turns an XML body into JSON the way elastic.io does, with a streaming (StAX) parse and no recursion:
 * <ul>
 *   <li>the document is an object with one field, the root element's name;</li>
 *   <li>an element with neither attributes nor child elements is its text, as sent ({@code ""} when empty);</li>
 *   <li>any other element is an object: its attributes under {@code _attr} (first), its child elements by name (a
 *       name that repeats becomes an array, in document order), and its text under {@code _}: as sent when the element
 *       has no child elements, else trimmed and left out when only whitespace (the indentation between elements);
 *       text interleaved with child elements is joined, so its position among them is lost;</li>
 *   <li>names keep their namespace prefix ({@code ns:order}, attribute {@code ns:id}), and namespace declarations are
 *       attributes ({@code _attr: {"xmlns": "...", "xmlns:ns": "..."}}): names stay as readable as in the document;</li>
 *   <li>comments and processing instructions are dropped.</li>
 * </ul>
 * A document type declaration is refused, whatever it declares, so no entity is ever expanded (billion laughs) and
 * nothing outside the body is read (external entities): the parser does not support DTDs or external entities either.
 * Elements nest at most {@link #MAX_DEPTH} deep, so that the JSON (at most two levels per element: an object, and an
 * array for a repeated name) stays within the 1,000 levels Jackson reads by default, the event's own level included.
 * At most {@code maxNodes} elements and attributes are taken, which bounds the tree built here (~150 bytes each).
 */
final class XmlBodyParser {

    /** Deepest element nesting taken: 2 × 499 + 1 ({@code _attr}) + 1 (the event) = 1,000 JSON levels. */
    static final int MAX_DEPTH = 499;
    static final String ATTRIBUTES = "_attr";
    static final String TEXT = "_";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(XmlBodyParser::factory);

    private final int maxNodes;

    XmlBodyParser(int maxNodes) {
        this.maxNodes = maxNodes;
    }

    private static XMLInputFactory factory() {
        // The JDK's own parser whatever else is on the classpath, so that these settings mean what they say.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    /** One open element. */
    private static final class Element {
        final String name;
        ObjectNode object;
        StringBuilder text;
        boolean hasChildren;

        Element(String name) {
            this.name = name;
        }

        ObjectNode object() {
            if (object == null) {
                object = NODES.objectNode();
            }
            return object;
        }
    }

    /**
     * The body as JSON, or a 400 rejection: not well-formed XML, a DOCTYPE, nesting over {@link #MAX_DEPTH}; a 413
     * one for more than {@code maxNodes} elements and attributes. {@code charset} is the Content-Type's, or null to let
     * the XML declaration (or UTF-8) decide.
     */
    JsonNode parse(byte[] body, Charset charset) {
        XMLStreamReader reader = null;
        try {
            reader = charset == null
                    ? FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(body))
                    : FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(body), charset.name());
            return read(reader);
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof WebhookRejection rejection) {
                throw rejection;
            }
            throw badRequest("The body is not well-formed XML: " + messageOf(e));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held open: the input is an array
                }
            }
        }
    }

    private JsonNode read(XMLStreamReader reader) throws XMLStreamException {
        Deque<Element> open = new ArrayDeque<>();
        ObjectNode document = null;
        int nodes = 0;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_DECLARATION, XMLStreamConstants.NOTATION_DECLARATION ->
                        throw badRequest("XML with a document type declaration (DOCTYPE) is not accepted:"
                                + " DTDs and entities are refused");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw badRequest("XML entities other than the predefined ones are not accepted");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (open.size() >= MAX_DEPTH) {
                        throw badRequest("The XML body nests elements more than " + MAX_DEPTH + " deep");
                    }
                    nodes += 1 + reader.getNamespaceCount() + reader.getAttributeCount();
                    if (nodes > maxNodes) {
                        throw new WebhookRejection(413, RefusalReason.TOO_LARGE, "The XML body has more than "
                                + maxNodes + " elements and attributes; send it with another Content-Type to receive it"
                                + " as a file", Map.of(), null);
                    }
                    Element element = new Element(qualified(reader.getPrefix(), reader.getLocalName()));
                    if (reader.getNamespaceCount() + reader.getAttributeCount() > 0) {
                        ObjectNode attributes = element.object().putObject(ATTRIBUTES);
                        for (int i = 0; i < reader.getNamespaceCount(); i++) {
                            String prefix = reader.getNamespacePrefix(i);
                            String uri = reader.getNamespaceURI(i);
                            attributes.put(prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix,
                                    uri == null ? "" : uri);
                        }
                        for (int i = 0; i < reader.getAttributeCount(); i++) {
                            attributes.put(qualified(reader.getAttributePrefix(i), reader.getAttributeLocalName(i)),
                                    reader.getAttributeValue(i));
                        }
                    }
                    Element parent = open.peek();
                    if (parent != null) {
                        parent.hasChildren = true;
                    }
                    open.push(element);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    Element element = open.peek();
                    if (element != null) {
                        if (element.text == null) {
                            element.text = new StringBuilder();
                        }
                        element.text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Element element = open.pop();
                    JsonNode value = valueOf(element);
                    Element parent = open.peek();
                    if (parent == null) {
                        document = NODES.objectNode();
                        document.set(element.name, value);
                    } else {
                        add(parent.object(), element.name, value);
                    }
                }
                default -> {
                    // comments, processing instructions, the document's start and end
                }
            }
        }
        if (document == null) {
            throw badRequest("The body is not well-formed XML: it has no root element");
        }
        return document;
    }

    private static JsonNode valueOf(Element element) {
        String text = element.text == null ? "" : element.text.toString();
        if (element.object == null) {
            return TextNode.valueOf(text);
        }
        if (element.hasChildren) {
            text = text.strip();
        }
        if (!text.isEmpty()) {
            element.object.put(TEXT, text);
        }
        return element.object;
    }

    // Values are only ever objects and strings, so an array under a name is always one made here for a repeat.
    private static void add(ObjectNode parent, String name, JsonNode value) {
        JsonNode existing = parent.get(name);
        if (existing == null) {
            parent.set(name, value);
        } else if (existing instanceof ArrayNode array) {
            array.add(value);
        } else {
            ArrayNode array = NODES.arrayNode();
            array.add(existing);
            array.add(value);
            parent.set(name, array);
        }
    }

    private static String qualified(String prefix, String localName) {
        return prefix == null || prefix.isEmpty() ? localName : prefix + ":" + localName;
    }

    private static String messageOf(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // The JDK's messages start with "ParseError at [row,col]:[1,5]\nMessage: ..."
        int at = message.indexOf("Message: ");
        return (at >= 0 ? message.substring(at + "Message: ".length()) : message).strip();
    }

    private static WebhookRejection badRequest(String message) {
        return new WebhookRejection(Response.Status.BAD_REQUEST, message);
    }
}
