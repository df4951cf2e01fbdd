package org.polycast.reload.internal.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.polycast.reload.internal.message.DataModel;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Parses the overlay configuration document (RFC 6940 §11.1, media type application/p2p-overlay+xml).
 * Elements are matched by local name in the config-base and config-chord namespaces; unknown
 * elements are ignored as the RFC's extensibility asks, DTDs and external entities are refused.
 * When an overlay-element holds several configurations, the one with the highest sequence wins.
 */
public final class ConfigDocument {
    public static final String BASE_NS = "urn:ietf:params:xml:ns:p2p:config-base";
    public static final String CHORD_NS = "urn:ietf:params:xml:ns:p2p:config-chord";

    private ConfigDocument() {
    }

    public static OverlayConfig parse(byte[] xml) {
        Document doc = read(xml);
        NodeList configurations = doc.getElementsByTagNameNS(BASE_NS, "configuration");
        if (configurations.getLength() == 0) {
            throw new IllegalArgumentException("no <configuration> element in namespace " + BASE_NS);
        }
        OverlayConfig best = null;
        for (int i = 0; i < configurations.getLength(); i++) {
            OverlayConfig c = configuration((Element) configurations.item(i));
            if (best == null || c.sequence() > best.sequence()) {
                best = c;
            }
        }
        return best;
    }

    private static Document read(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("overlay configuration is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static OverlayConfig configuration(Element c) {
        String name = c.getAttribute("instance-name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("<configuration> without instance-name");
        }
        int sequence = c.hasAttribute("sequence") ? integer(c.getAttribute("sequence"), "sequence", 0, 65534) : 0;
        List<byte[]> roots = new ArrayList<>();
        for (Element e : children(c, BASE_NS, "root-cert")) {
            roots.add(OverlayConfig.base64(e.getTextContent()));
        }
        boolean selfSigned = false;
        for (Element e : children(c, BASE_NS, "self-signed-permitted")) {
            selfSigned = bool(e.getTextContent(), "self-signed-permitted");
        }
        List<InetSocketAddress> bootstrap = new ArrayList<>();
        for (Element e : children(c, BASE_NS, "bootstrap-node")) {
            int port = e.hasAttribute("port") ? integer(e.getAttribute("port"), "bootstrap-node port", 1, 65535) : OverlayConfig.DEFAULT_PORT;
            bootstrap.add(InetSocketAddress.createUnresolved(e.getAttribute("address"), port));
        }
        List<String> signers = new ArrayList<>();
        for (Element e : children(c, BASE_NS, "configuration-signer")) {
            signers.add(e.getTextContent().trim());
        }
        List<KindDefinition> kinds = new ArrayList<>();
        for (Element block : children(c, BASE_NS, "required-kinds")) {
            for (Element kb : children(block, BASE_NS, "kind-block")) {
                for (Element k : children(kb, BASE_NS, "kind")) {
                    kinds.add(kind(k));
                }
            }
        }
        return new OverlayConfig(name, sequence, text(c, BASE_NS, "topology-plugin", "CHORD-RELOAD"),
                integer(text(c, BASE_NS, "node-id-length", "16"), "node-id-length", 16, 20), roots, selfSigned, bootstrap,
                bool(text(c, BASE_NS, "no-ice", "false"), "no-ice"),
                integer(text(c, BASE_NS, "max-message-size", "5000"), "max-message-size", 1024, 0xffffff),
                integer(text(c, BASE_NS, "initial-ttl", "100"), "initial-ttl", 1, 255),
                integer(text(c, BASE_NS, "overlay-reliability-timer", "3000"), "overlay-reliability-timer", 200, 600_000),
                text(c, BASE_NS, "overlay-link-protocol", "TLS"),
                integer(text(c, CHORD_NS, "chord-update-interval", "400"), "chord-update-interval", 1, Integer.MAX_VALUE),
                integer(text(c, CHORD_NS, "chord-ping-interval", "3600"), "chord-ping-interval", 1, Integer.MAX_VALUE),
                bool(text(c, CHORD_NS, "chord-reactive", "true"), "chord-reactive"), signers, OverlayConfig.kindMap(kinds));
    }

    private static KindDefinition kind(Element k) {
        long id;
        String name;
        if (k.hasAttribute("id")) {
            String raw = k.getAttribute("id").trim();
            id = raw.startsWith("0x") || raw.startsWith("0X") ? Long.parseLong(raw.substring(2), 16) : Long.parseLong(raw);
            name = k.hasAttribute("name") ? k.getAttribute("name") : "kind-" + id;
        } else {
            name = k.getAttribute("name");
            id = switch (name.toUpperCase(java.util.Locale.ROOT)) {
                case "SIP-REGISTRATION" -> 1;
                case "TURN-SERVICE" -> 2;
                case "CERTIFICATE_BY_NODE" -> 3;
                case "CERTIFICATE_BY_USER" -> 0x10;
                default -> throw new IllegalArgumentException("kind name '" + name + "' is not a registered kind; give an id");
            };
        }
        if (id <= 0 || id > 0xfffffffeL) {
            throw new IllegalArgumentException("kind id " + id + " out of range");
        }
        DataModel model = DataModel.valueOf(text(k, BASE_NS, "data-model", "SINGLE").trim().toUpperCase(java.util.Locale.ROOT));
        return new KindDefinition(id, name, model, AccessPolicy.parse(text(k, BASE_NS, "access-control", "USER-MATCH")),
                integer(text(k, BASE_NS, "max-count", "1"), "max-count", 1, Integer.MAX_VALUE),
                integer(text(k, BASE_NS, "max-size", "1024"), "max-size", 1, 0xffffff));
    }

    private static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String ns, String local, String fallback) {
        List<Element> e = children(parent, ns, local);
        return e.isEmpty() ? fallback : e.get(0).getTextContent().trim();
    }

    private static int integer(String text, String what, int min, int max) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + " " + v + " is outside " + min + ".." + max);
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
    }

    private static boolean bool(String text, String what) {
        return switch (text.trim()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(what + " '" + text + "' is not true or false");
        };
    }
}
