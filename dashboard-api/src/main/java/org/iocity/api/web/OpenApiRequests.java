package org.iocity.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.iocity.model.records.Json;

/**
 * Checks each request against its operation in {@code /openapi.json} before the handler runs: every declared path and
 * query parameter (required ones present, values of the declared type, matching the schema: enum, pattern, format,
 * bounds, length) and a JSON request body against its schema (the schema dialect of the document's OpenAPI version,
 * 3.1 for ours, with {@code com.networknt:json-schema-validator}). A parameter or body that does not match is a 400 problem naming it,
 * but a path parameter whose schema enumerates its values (the history measures) names no resource: 404. The handlers still check what a schema cannot
 * (ids the registry knows, ranges between two parameters). Parameters the document does not declare are left alone.
 */
public final class OpenApiRequests {
    /** A declared parameter; {@code enumerated} when its schema lists every allowed value. */
    record Param(String name, String in, boolean required, String type, boolean enumerated, Schema schema) {}

    record Operation(List<Param> params, Schema body, boolean bodyRequired) {}

    /** By {@code "METHOD /path/{param}"}. */
    private final Map<String, Operation> operations;

    private OpenApiRequests(Map<String, Operation> operations) {
        this.operations = operations;
    }

    /** Reads the document from the class path. */
    public static OpenApiRequests load(String resource) {
        return of(read(resource));
    }

    /** The document as a tree, from the class path. */
    public static JsonNode read(String resource) {
        try (InputStream in = OpenApiRequests.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the class path");
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OpenApiRequests of(JsonNode doc) {
        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(doc.path("openapi").asText().startsWith("3.0")
                ? Dialects.getOpenApi30() : Dialects.getOpenApi31());
        Map<String, Operation> ops = new HashMap<>();
        doc.get("paths").fields().forEachRemaining(path -> {
            JsonNode shared = path.getValue().path("parameters");
            path.getValue().fields().forEachRemaining(op -> {
                if (op.getKey().equals("parameters")) return;
                List<Param> params = new ArrayList<>();
                for (JsonNode list : List.of(shared, op.getValue().path("parameters"))) {
                    for (JsonNode declared : list) {
                        JsonNode p = resolve(doc, declared);
                        JsonNode schema = p.path("schema");
                        params.add(new Param(p.get("name").asText(), p.get("in").asText(), p.path("required").asBoolean(),
                                schema.path("type").asText("string"), schema.has("enum"), schemas.getSchema(schema)));
                    }
                }
                JsonNode body = op.getValue().path("requestBody");
                JsonNode bodySchema = body.path("content").path("application/json").path("schema");
                ops.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), new Operation(params,
                        bodySchema.isMissingNode() ? null : schemas.getSchema(resolve(doc, bodySchema)),
                        body.path("required").asBoolean()));
            });
        });
        return new OpenApiRequests(ops);
    }

    /** A copy of {@code schema} with every {@code $ref} into the document replaced by what it points at. */
    static JsonNode resolve(JsonNode doc, JsonNode schema) {
        if (schema.isObject() && schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) throw new IllegalStateException("only local references are supported: " + ref);
            JsonNode target = doc.at(ref.substring(1));
            if (target.isMissingNode()) throw new IllegalStateException("unresolved reference " + ref);
            return resolve(doc, target);
        }
        if (schema.isObject()) {
            ObjectNode copy = ((ObjectNode) schema).objectNode();
            schema.fields().forEachRemaining(f -> copy.set(f.getKey(), resolve(doc, f.getValue())));
            return copy;
        }
        if (schema.isArray()) {
            var copy = Json.mapper().createArrayNode();
            schema.forEach(e -> copy.add(resolve(doc, e)));
            return copy;
        }
        return schema;
    }

    private static String key(String method, String routerTemplate) {
        return method + " " + routerTemplate.replaceAll(":([A-Za-z]+)", "{$1}");
    }

    /**
     * Checks a request: its method, its router template ({@code /api/v1/signals/:id/plans}), its path parameters and
     * query values by name, and its body (null when none). Throws the 400 or 404 {@link Problem}; an operation the
     * document does not describe passes.
     */
    public void check(String method, String routerTemplate, Function<String, String> pathParams,
               Function<String, List<String>> query, String body) {
        Operation op = operations.get(key(method, routerTemplate));
        if (op == null) return;
        for (Param p : op.params()) {
            boolean inPath = p.in().equals("path");
            if (!inPath && !p.in().equals("query")) continue;
            List<String> values = inPath ? nullToEmpty(pathParams.apply(p.name())) : query.apply(p.name());
            if (values.isEmpty()) {
                if (p.required()) throw Problem.badRequest("missing " + p.name() + ": it is required");
                continue;
            }
            for (String value : values) {
                String error = error(p, value);
                if (error == null) continue;
                if (inPath && p.enumerated()) {
                    throw Problem.notFound("no such " + p.name() + " " + Text.clip(value) + ": " + error);
                }
                throw Problem.badRequest("bad " + p.name() + " " + Text.clip(value) + ": " + error);
            }
        }
        if (op.body() == null) return;
        if (body == null || body.isBlank()) {
            if (op.bodyRequired()) throw Problem.badRequest("a JSON body is required");
            return;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (IOException e) {
            return; // not JSON at all: the handler's own reading says so
        }
        List<Error> errors = op.body().validate(node);
        if (!errors.isEmpty()) throw Problem.badRequest("bad body: " + message(errors.get(0)));
    }

    private static List<String> nullToEmpty(String v) {
        return v == null ? List.of() : List.of(v);
    }

    /** Why a parameter value does not match its schema, or null when it does. */
    static String error(Param p, String value) {
        JsonNode node;
        try {
            node = switch (p.type()) {
                case "integer" -> LongNode.valueOf(Long.parseLong(value));
                case "number" -> DoubleNode.valueOf(Double.parseDouble(value));
                case "boolean" -> {
                    if (!value.equals("true") && !value.equals("false")) throw new NumberFormatException();
                    yield BooleanNode.valueOf(Boolean.parseBoolean(value));
                }
                default -> TextNode.valueOf(value);
            };
        } catch (NumberFormatException e) {
            return "expected " + (p.type().equals("integer") ? "an integer" : "a " + p.type());
        }
        List<Error> errors = p.schema().validate(node);
        return errors.isEmpty() ? null : message(errors.get(0));
    }

    /** The validator's message without its instance location ({@code "$: "}). */
    static String message(Error e) {
        String location = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        String m = e.getMessage();
        if (m.startsWith(location + ": ")) m = m.substring(location.length() + 2);
        String field = location.replaceFirst("^\\$?[./]?", "");
        return field.isEmpty() ? m : field + ": " + m;
    }
}
