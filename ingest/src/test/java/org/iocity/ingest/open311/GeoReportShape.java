package org.iocity.ingest.open311;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The shape of a GeoReport document: every element (XML) or field (JSON) by its path from the root, with the kind of
 * its value (element, array, object, number, boolean, datetime, text; {@code id} for the identifier fields, which
 * the specification's examples write as numbers and which need not be numbers; {@code empty} for an empty element or
 * a null). Two documents have the same structure when their paths are the same and the kinds agree wherever neither
 * side is empty. Compares the intake's answers with the specification's examples ({@code src/test/resources/georeport-v2}).
 */
final class GeoReportShape {
    static final Path EXAMPLES = Path.of("src/test/resources/georeport-v2");
    /** Identifiers: "service_request_id does not have to be an integer" (GeoReport issue #62), nor codes and keys. */
    static final Set<String> IDS = Set.of("service_request_id", "service_code", "token", "key", "address_id", "zipcode", "account_id");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final ObjectMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS).build();

    private GeoReportShape() {}

    static String example(String name) {
        try {
            return Files.readString(EXAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Paths and kinds of an XML document; the root's name is the first path. */
    static Map<String, String> xml(String doc) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(doc.strip().getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
            Map<String, String> out = new TreeMap<>();
            walk(root, root.getTagName(), out);
            return out;
        } catch (Exception e) {
            throw new AssertionError("not an XML document: " + e.getMessage() + "\n" + doc, e);
        }
    }

    private static void walk(Element e, String path, Map<String, String> out) {
        boolean children = false;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                children = true;
                walk(c, path + "/" + c.getTagName(), out);
            }
        }
        String name = e.getTagName();
        put(out, path, children ? "element" : kind(name, e.getTextContent().strip()));
    }

    /** Paths and kinds of a JSON document ({@code []} for an array's items). */
    static Map<String, String> json(String doc) {
        try {
            Map<String, String> out = new TreeMap<>();
            walk(LENIENT.readTree(doc), "", "", out);
            return out;
        } catch (IOException e) {
            throw new AssertionError("not a JSON document: " + e.getMessage() + "\n" + doc, e);
        }
    }

    private static void walk(JsonNode n, String name, String path, Map<String, String> out) {
        if (n.isArray()) {
            put(out, path.isEmpty() ? "/" : path, "array");
            n.forEach(item -> walk(item, name, path + "/[]", out));
        } else if (n.isObject()) {
            put(out, path.isEmpty() ? "/" : path, "object");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var f = it.next();
                walk(f.getValue(), f.getKey(), path + "/" + f.getKey(), out);
            }
        } else if (n.isNull()) {
            put(out, path, "empty");
        } else if (IDS.contains(name)) {
            put(out, path, "id");
        } else if (n.isNumber()) {
            put(out, path, "number");
        } else if (n.isBoolean()) {
            put(out, path, "boolean");
        } else {
            put(out, path, kind(name, n.asText()));
        }
    }

    private static String kind(String name, String text) {
        if (text.isEmpty()) return "empty";
        if (IDS.contains(name)) return "id";
        if (text.equals("true") || text.equals("false")) return "boolean";
        if (NUMBER.matcher(text).matches()) return "number";
        if (DATETIME.matcher(text).matches()) return "datetime";
        return "text";
    }

    /** A path seen several times keeps a kind that is not empty. */
    private static void put(Map<String, String> out, String path, String kind) {
        out.merge(path, kind, (a, b) -> a.equals("empty") ? b : a);
    }

    /**
     * How {@code ours} differs from the specification's {@code spec}: paths missing, paths the specification does not
     * have (other than {@code extensions}, named by their last segment), and kinds that disagree.
     */
    static List<String> differences(Map<String, String> spec, Map<String, String> ours, Set<String> extensions) {
        List<String> out = new ArrayList<>();
        spec.forEach((path, kind) -> {
            String k = ours.get(path);
            if (k == null) out.add("missing " + path);
            else if (!k.equals(kind) && !k.equals("empty") && !kind.equals("empty") && !(k.equals("datetime") && kind.equals("text"))) {
                out.add(path + " is " + k + ", the specification's is " + kind); // a W3C datetime may stand where it shows text
            }
        });
        ours.keySet().stream().filter(p -> !spec.containsKey(p))
                .filter(p -> !extensions.contains(p.substring(p.lastIndexOf('/') + 1)))
                .forEach(p -> out.add("not in the specification: " + p));
        return out;
    }
}
