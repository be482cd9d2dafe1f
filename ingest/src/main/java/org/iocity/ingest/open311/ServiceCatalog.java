package org.iocity.ingest.open311;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iocity.model.config.ConfigException;
import org.iocity.model.records.Json;

/**
 * The Open311 service list (the 1022 categories), read from a data file. Each service has a due time in working days,
 * counted by the city's {@link org.iocity.model.registry.WorkingCalendar} (Monday to Friday minus public holidays), and
 * may have a GeoReport v2 service definition: the {@code attributes} a citizen answers with
 * {@code attribute[code]=value}, in the specification's own field names.
 */
public final class ServiceCatalog {
    /** {@code realtime}: POST requests answers with the service_request_id; {@code batch}: with a token first. */
    public static final Set<String> TYPES = Set.of("realtime", "batch");
    public static final Set<String> DATATYPES = Set.of("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist");

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Service(@JsonProperty("service_code") String code, @JsonProperty("service_name") String name,
                          String group, String description, @JsonProperty("due_working_days") int dueWorkingDays,
                          String keywords, String type, List<Attribute> attributes) {
        /** GeoReport's {@code metadata}: true when the service has a definition to fetch. */
        public boolean metadata() {
            return !attributes().isEmpty();
        }

        @Override
        public List<Attribute> attributes() {
            return attributes == null ? List.of() : attributes;
        }

        @Override
        public String type() {
            return type == null ? "realtime" : type;
        }

        public Optional<Attribute> attribute(String code) {
            return attributes().stream().filter(a -> a.code().equals(code)).findFirst();
        }
    }

    /** One attribute of a service definition, as GeoReport v2 names its fields; {@code values} only for the list datatypes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"})
    public record Attribute(boolean variable, String code, String datatype, boolean required,
                            @JsonProperty("datatype_description") String datatypeDescription, int order,
                            String description,
                            @JacksonXmlElementWrapper(localName = "values") @JacksonXmlProperty(localName = "value")
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Value> values) {
        @Override
        public List<Value> values() {
            return values == null ? List.of() : values;
        }

        public boolean listDatatype() {
            return datatype.endsWith("valuelist");
        }

        public boolean hasKey(String key) {
            return values().stream().anyMatch(v -> v.key().equals(key));
        }
    }

    /** An option of a {@code singlevaluelist} or {@code multivaluelist}. */
    @JsonPropertyOrder({"key", "name"})
    public record Value(String key, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(List<Service> services) {}

    private final Map<String, Service> byCode;

    private ServiceCatalog(Map<String, Service> byCode) {
        this.byCode = byCode;
    }

    public static ServiceCatalog load(Path file) {
        Document doc;
        try {
            doc = Json.mapper().readValue(Files.readAllBytes(file), Document.class);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw new ConfigException("cannot read Open311 service list " + file + " (ingest.open311.services.file): "
                    + (m.contains("\n") ? m.substring(0, m.indexOf('\n')) : m));
        }
        if (doc.services() == null || doc.services().isEmpty()) {
            throw new ConfigException("Open311 service list " + file + " has no services");
        }
        Map<String, Service> m = new LinkedHashMap<>();
        for (Service s : doc.services()) {
            String where = "Open311 service list " + file + ": ";
            if (s.code() == null || s.code().isBlank() || s.name() == null || s.group() == null) {
                throw new ConfigException(where + "every service needs service_code, service_name and group");
            }
            if (s.dueWorkingDays() < 1 || s.dueWorkingDays() > 365) {
                throw new ConfigException(where + "service " + s.code() + " needs due_working_days from 1 to 365");
            }
            if (!TYPES.contains(s.type())) {
                throw new ConfigException(where + "service " + s.code() + " has type " + s.type() + "; expected one of " + TYPES);
            }
            checkAttributes(where + "service " + s.code(), s.attributes());
            if (m.putIfAbsent(s.code(), s) != null) {
                throw new ConfigException(where + "service_code " + s.code() + " appears twice");
            }
        }
        return new ServiceCatalog(Collections.unmodifiableMap(m));
    }

    private static void checkAttributes(String where, List<Attribute> attributes) {
        Set<String> codes = new HashSet<>();
        Set<Integer> orders = new HashSet<>();
        for (Attribute a : attributes) {
            if (a.code() == null || !a.code().matches("[A-Za-z0-9_-]{1,50}")) {
                throw new ConfigException(where + ": an attribute code must be 1 to 50 letters, digits, _ or - (got " + a.code() + ")");
            }
            String at = where + ", attribute " + a.code();
            if (!codes.add(a.code())) throw new ConfigException(at + " appears twice");
            if (a.order() < 1 || !orders.add(a.order())) throw new ConfigException(at + ": order must be a positive number not used by another attribute");
            if (!DATATYPES.contains(String.valueOf(a.datatype()))) {
                throw new ConfigException(at + ": datatype " + a.datatype() + " is not one of " + DATATYPES);
            }
            if (a.listDatatype() && a.values().isEmpty()) throw new ConfigException(at + ": a " + a.datatype() + " needs values");
            if (!a.listDatatype() && !a.values().isEmpty()) throw new ConfigException(at + ": only list datatypes have values");
            if (a.required() && !a.variable()) throw new ConfigException(at + ": a required attribute must be variable");
            Set<String> keys = new HashSet<>();
            for (Value v : a.values()) {
                if (v.key() == null || v.key().isBlank() || v.name() == null || !keys.add(v.key())) {
                    throw new ConfigException(at + ": every value needs a key (unique) and a name");
                }
            }
        }
    }

    public Optional<Service> service(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    public List<Service> services() {
        return List.copyOf(byCode.values());
    }
}
