package org.iocity.ingest.open311;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.iocity.ingest.open311.GeoReport.Format;
import org.iocity.model.records.Json;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A GeoReport v2 client written the way the specification's clients are: the format as the URL's suffix
 * ({@code services.xml}, XML unless told otherwise), {@code jurisdiction_id} on every call, POST requests form-encoded
 * with {@code attribute[code]=value} pairs, and the answers read as lists of elements (XML) or arrays (JSON).
 */
final class GeoReportClient {
    /** One answer: its status, content type and body, and the items of its list (requests, services, errors). */
    record Answer(int status, String contentType, String body, List<Map<String, String>> items) {
        Map<String, String> first() {
            if (items.isEmpty()) throw new AssertionError("no items in " + status + " " + body);
            return items.get(0);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;
    private final String jurisdiction;
    private final Format format;

    GeoReportClient(String endpoint, String jurisdiction, Format format) {
        this.endpoint = endpoint;
        this.jurisdiction = jurisdiction;
        this.format = format;
    }

    /** The same client speaking another format (XML is the default of a GeoReport client). */
    GeoReportClient in(Format f) {
        return new GeoReportClient(endpoint, jurisdiction, f);
    }

    Answer services() throws Exception {
        return get("services", Map.of());
    }

    Answer definition(String serviceCode) throws Exception {
        return get("services/" + enc(serviceCode), Map.of());
    }

    Answer request(String id) throws Exception {
        return get("requests/" + enc(id), Map.of());
    }

    Answer requests(Map<String, String> filters) throws Exception {
        return get("requests", filters);
    }

    Answer token(String token) throws Exception {
        return get("tokens/" + enc(token), Map.of());
    }

    /** POST requests.{format}, form-encoded; {@code attributes} as {@code attribute[code]=v}, a list as {@code attribute[code][]}. */
    Answer post(String apiKey, Map<String, String> fields, Map<String, List<String>> attributes) throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        if (apiKey != null) all.put("api_key", apiKey);
        if (jurisdiction != null) all.put("jurisdiction_id", jurisdiction);
        all.putAll(fields);
        StringBuilder body = new StringBuilder(form(all));
        attributes.forEach((code, values) -> values.forEach(v -> body.append("&attribute[").append(enc(code)).append(']')
                .append(values.size() > 1 ? "[]" : "").append('=').append(enc(v))));
        HttpRequest r = HttpRequest.newBuilder(URI.create(endpoint + "/requests." + ext())).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return answer(http.send(r, HttpResponse.BodyHandlers.ofString()));
    }

    /** The raw answer to GET {resource}.{format}?jurisdiction_id=…&filters. */
    Answer get(String resource, Map<String, String> query) throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        if (jurisdiction != null) q.put("jurisdiction_id", jurisdiction);
        q.putAll(query);
        String uri = endpoint + "/" + resource + "." + ext() + (q.isEmpty() ? "" : "?" + form(q));
        HttpRequest r = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).GET().build();
        return answer(http.send(r, HttpResponse.BodyHandlers.ofString()));
    }

    private String ext() {
        return format.name().toLowerCase(java.util.Locale.ROOT);
    }

    private Answer answer(HttpResponse<String> r) throws Exception {
        String ct = r.headers().firstValue("Content-Type").orElse("");
        return new Answer(r.statusCode(), ct, r.body(), items(format, r.body()));
    }

    /** The items of a list document: each {@code <request>}/{@code <service>}/{@code <error>}, or each array element. */
    static List<Map<String, String>> items(Format f, String body) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        if (f == Format.JSON) {
            JsonNode root = Json.mapper().readTree(body);
            if (!root.isArray()) return out;
            for (JsonNode item : root) {
                Map<String, String> m = new LinkedHashMap<>();
                item.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? null
                        : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
                out.add(m);
            }
            return out;
        }
        for (Element item : children(root(body))) {
            Map<String, String> m = new LinkedHashMap<>();
            for (Element field : children(item)) m.put(field.getTagName(), field.getTextContent().isEmpty() ? null : field.getTextContent());
            out.add(m);
        }
        return out;
    }

    static Element root(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) out.add(c);
        return out;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
