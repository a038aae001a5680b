package org.dirabench.datasets.io.lidc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.dirabench.datasets.io.ImageFormatException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads an original LIDC-IDRI annotation file ({@code LidcReadMessage}, namespace {@code http://www.nih.gov}, as
 * distributed with the LIDC-IDRI collection): per {@code readingSession} the {@code unblindedReadNodule}s with their
 * {@code characteristics} and {@code roi}s ({@code imageZposition}, {@code imageSOP_UID}, {@code inclusion},
 * {@code edgeMap} of {@code xCoord}/{@code yCoord}), and the {@code nonNodule}s with their {@code locus}.
 *
 * <p>Element names are matched by local name, so files with or without the namespace read alike. Blinded reads
 * ({@code blindedReadNodule}, in a few older files) are not part of the consensus reads and are not returned.
 * External entities and DOCTYPEs are refused.
 */
public final class LidcXml {
    private LidcXml() {
    }

    /**
     * The contents of one LIDC XML file.
     *
     * @param file the file
     * @param seriesInstanceUid {@code ResponseHeader/SeriesInstanceUid} ("" if absent)
     * @param studyInstanceUid {@code ResponseHeader/StudyInstanceUID} ("" if absent)
     * @param sessions the reading sessions in file order
     */
    public record Annotations(Path file, String seriesInstanceUid, String studyInstanceUid,
            List<LidcReadingSession> sessions) {
        /** Copies the list. */
        public Annotations {
            sessions = List.copyOf(sessions);
        }

        /** @return every nodule read of every session, session by session */
        public List<LidcNoduleRead> allNoduleReads() {
            List<LidcNoduleRead> out = new ArrayList<>();
            sessions.forEach(s -> out.addAll(s.nodules()));
            return out;
        }
    }

    /**
     * @param xml an LIDC XML file
     * @return its reading sessions
     * @throws ImageFormatException naming the file, session, nodule and ROI for malformed XML, a root that is not
     *     {@code LidcReadMessage}, an ROI without {@code imageZposition} or {@code imageSOP_UID}, an
     *     {@code edgeMap} without integer coordinates, or a non-integer characteristic
     * @throws IOException when the file cannot be read
     */
    public static Annotations read(Path xml) throws IOException {
        Document doc;
        try (InputStream in = Files.newInputStream(xml)) {
            doc = builder().parse(in);
        } catch (SAXException e) {
            throw new ImageFormatException(xml, "not well-formed XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"LidcReadMessage".equals(name(root))) {
            throw new ImageFormatException(xml, "root element is " + name(root) + ", expected LidcReadMessage");
        }
        Element header = child(root, "ResponseHeader");
        String series = header == null ? "" : text(child(header, "SeriesInstanceUid"));
        String study = header == null ? "" : text(child(header, "StudyInstanceUID"));
        List<LidcReadingSession> sessions = new ArrayList<>();
        int si = 0;
        for (Element s : children(root, "readingSession")) {
            String where = "readingSession " + si;
            List<LidcNoduleRead> nodules = new ArrayList<>();
            for (Element n : children(s, "unblindedReadNodule")) {
                String id = text(child(n, "noduleID"));
                String nw = where + ", nodule '" + id + "'";
                Map<String, Integer> ch = new LinkedHashMap<>();
                Element c = child(n, "characteristics");
                if (c != null) {
                    for (Element k : children(c, null)) {
                        ch.put(name(k), integer(xml, nw + ", characteristics/" + name(k), text(k)));
                    }
                }
                List<LidcRoi> rois = new ArrayList<>();
                int ri = 0;
                for (Element r : children(n, "roi")) {
                    rois.add(roi(xml, r, nw + ", roi " + ri++));
                }
                if (rois.isEmpty()) {
                    throw new ImageFormatException(xml, nw + " has no roi");
                }
                nodules.add(new LidcNoduleRead(si, id, ch, rois));
            }
            List<LidcNonNodule> non = new ArrayList<>();
            for (Element n : children(s, "nonNodule")) {
                String id = text(child(n, "nonNoduleID"));
                String nw = where + ", nonNodule '" + id + "'";
                Element locus = child(n, "locus");
                if (locus == null) {
                    throw new ImageFormatException(xml, nw + " has no locus");
                }
                non.add(new LidcNonNodule(si, id, decimal(xml, nw + ", imageZposition", text(child(n,
                        "imageZposition"))), required(xml, nw, n, "imageSOP_UID"),
                        integer(xml, nw + ", locus/xCoord", text(child(locus, "xCoord"))),
                        integer(xml, nw + ", locus/yCoord", text(child(locus, "yCoord")))));
            }
            sessions.add(new LidcReadingSession(si, text(child(s, "servicingRadiologistID")), nodules, non));
            si++;
        }
        return new Annotations(xml, series, study, sessions);
    }

    private static LidcRoi roi(Path xml, Element r, String where) throws ImageFormatException {
        double z = decimal(xml, where + ", imageZposition", text(child(r, "imageZposition")));
        String sop = required(xml, where, r, "imageSOP_UID");
        String inc = text(child(r, "inclusion"));
        boolean inclusion = inc.isEmpty() || inc.equalsIgnoreCase("TRUE");
        if (!inclusion && !inc.equalsIgnoreCase("FALSE")) {
            throw new ImageFormatException(xml, where + ": inclusion is '" + inc + "', expected TRUE or FALSE");
        }
        List<Element> edges = children(r, "edgeMap");
        if (edges.isEmpty()) {
            throw new ImageFormatException(xml, where + " has no edgeMap");
        }
        int[] xs = new int[edges.size()];
        int[] ys = new int[edges.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = integer(xml, where + ", edgeMap " + i + " xCoord", text(child(edges.get(i), "xCoord")));
            ys[i] = integer(xml, where + ", edgeMap " + i + " yCoord", text(child(edges.get(i), "yCoord")));
        }
        return new LidcRoi(z, sop, inclusion, xs, ys);
    }

    private static DocumentBuilder builder() throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IOException("XML parser configuration failed", e);
        }
    }

    private static String name(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    private static List<Element> children(Element parent, String local) {
        List<Element> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element && (local == null || local.equals(name(c)))) {
                out.add((Element) c);
            }
        }
        return out;
    }

    private static Element child(Element parent, String local) {
        List<Element> c = children(parent, local);
        return c.isEmpty() ? null : c.get(0);
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }

    private static String required(Path xml, String where, Element parent, String local)
            throws ImageFormatException {
        String v = text(child(parent, local));
        if (v.isEmpty()) {
            throw new ImageFormatException(xml, where + " has no " + local);
        }
        return v;
    }

    private static int integer(Path xml, String where, String v) throws ImageFormatException {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ImageFormatException(xml, where + " is '" + v + "', expected an integer");
        }
    }

    private static double decimal(Path xml, String where, String v) throws ImageFormatException {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ImageFormatException(xml, where + " is '" + v + "', expected a number");
        }
    }
}
