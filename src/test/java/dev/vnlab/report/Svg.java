package dev.vnlab.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An SVG text parsed as XML (parsing fails on malformed output), with element look-ups for tests. */
final class Svg {
    static final String NS = "http://www.w3.org/2000/svg";
    final Document doc;

    Svg(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    Element root() {
        return doc.getDocumentElement();
    }

    /** Every element named {@code name} (in the SVG namespace) below {@code from}. */
    static List<Element> all(Element from, String name) {
        NodeList nodes = from.getElementsByTagNameNS(NS, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add((Element) nodes.item(i));
        return out;
    }

    List<Element> all(String name) {
        return all(root(), name);
    }

    List<String> texts() {
        List<String> out = new ArrayList<>();
        for (Element e : all("text")) out.add(e.getTextContent());
        return out;
    }

    /** The groups {@code <g class="kind">}. */
    List<Element> groups(String kind) {
        List<Element> out = new ArrayList<>();
        for (Element g : all("g")) if (kind.equals(g.getAttribute("class"))) out.add(g);
        return out;
    }

    /** The paths inside a group; with {@code strokedOnly}, only the unfilled ones (lines, not areas or markers). */
    static List<Element> paths(Element group, boolean strokedOnly) {
        List<Element> out = new ArrayList<>();
        for (Element p : all(group, "path")) if (!strokedOnly || "none".equals(p.getAttribute("fill"))) out.add(p);
        return out;
    }

    static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }
}
