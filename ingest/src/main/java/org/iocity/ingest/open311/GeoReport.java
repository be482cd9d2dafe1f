package org.iocity.ingest.open311;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.iocity.model.registry.WorkingCalendar;

/**
 * The documents of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) in its two formats: XML, the
 * specification's required and default format, and JSON, the same documents with lists as arrays. One record per
 * document; Jackson writes both (XML through jackson-dataformat-xml), so the element names are the field names below.
 * Fields the specification lists are always written (null when unknown, an empty element in XML, as in its examples);
 * this city's extensions ({@code group}'s {@code due_working_days}, a request's {@code ward}) only when known.
 */
public final class GeoReport {
    private GeoReport() {}

    /** W3C datetimes, in the city's offset ({@code 2026-12-07T09:30:00+07:00}). */
    static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(WorkingCalendar.CITY_ZONE);

    /** A response format and its content type. */
    public enum Format {
        XML("text/xml; charset=utf-8"), JSON("application/json; charset=utf-8");

        public final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /**
         * The format a client asked for: the path's {@code .xml} / {@code .json} suffix as the specification has it;
         * without one, {@code format=xml|json} in the query, else JSON only when the Accept header names it before any
         * XML type; else XML, GeoReport's default.
         */
        public static Format of(String path, String formatParam, String accept) {
            String p = path.toLowerCase(Locale.ROOT);
            if (p.endsWith(".json")) return JSON;
            if (p.endsWith(".xml")) return XML;
            if (formatParam != null) return "json".equalsIgnoreCase(formatParam.strip()) ? JSON : XML;
            if (accept != null) {
                String a = accept.toLowerCase(Locale.ROOT);
                int json = a.indexOf("json"), xml = a.indexOf("xml");
                if (json >= 0 && (xml < 0 || json < xml)) return JSON;
            }
            return XML;
        }

        /** A path segment without its format suffix ({@code 1022-20261207-ABCD.xml} → {@code 1022-20261207-ABCD}). */
        public static String strip(String segment) {
            String s = segment.toLowerCase(Locale.ROOT);
            if (s.endsWith(".json")) return segment.substring(0, segment.length() - 5);
            if (s.endsWith(".xml")) return segment.substring(0, segment.length() - 4);
            return segment;
        }
    }

    /** {@code <services><service>…} / an array of services. */
    @JsonPropertyOrder({"service_code", "service_name", "description", "metadata", "type", "keywords", "group", "due_working_days"})
    public record ServiceEntry(@JsonProperty("service_code") String serviceCode, @JsonProperty("service_name") String serviceName,
                               String description, boolean metadata, String type, String keywords, String group,
                               @JsonProperty("due_working_days") int dueWorkingDays) {
        static ServiceEntry of(ServiceCatalog.Service s) {
            return new ServiceEntry(s.code(), s.name(), s.description(), s.metadata(), s.type(),
                    s.keywords() == null ? "" : s.keywords(), s.group(), s.dueWorkingDays());
        }
    }

    /** {@code <service_definition>}: the service code and its attributes, by {@code order}. */
    @JacksonXmlRootElement(localName = "service_definition")
    @JsonPropertyOrder({"service_code", "attributes"})
    public record ServiceDefinition(@JsonProperty("service_code") String serviceCode,
                                    @JacksonXmlElementWrapper(localName = "attributes") @JacksonXmlProperty(localName = "attribute")
                                    List<ServiceCatalog.Attribute> attributes) {
        static ServiceDefinition of(ServiceCatalog.Service s) {
            return new ServiceDefinition(s.code(), s.attributes().stream()
                    .sorted(Comparator.comparingInt(ServiceCatalog.Attribute::order)).toList());
        }
    }

    /** The answer to POST requests: the id (realtime services) or a token (batch services), never both. */
    @JsonPropertyOrder({"service_request_id", "token", "service_notice", "account_id"})
    public record Created(@JsonProperty("service_request_id") @JsonInclude(JsonInclude.Include.NON_NULL) String serviceRequestId,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String token,
                          @JsonProperty("service_notice") String serviceNotice,
                          @JsonProperty("account_id") String accountId) {}

    /** The answer to GET tokens/{token}. */
    @JsonPropertyOrder({"service_request_id", "token"})
    public record TokenEntry(@JsonProperty("service_request_id") String serviceRequestId, String token) {}

    /** One request in GET requests and GET requests/{id}. */
    @JsonPropertyOrder({"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
            "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address",
            "address_id", "zipcode", "lat", "long", "media_url", "ward", "group"})
    public record RequestEntry(@JsonProperty("service_request_id") String serviceRequestId, String status,
                               @JsonProperty("status_notes") String statusNotes, @JsonProperty("service_name") String serviceName,
                               @JsonProperty("service_code") String serviceCode, String description,
                               @JsonProperty("agency_responsible") String agencyResponsible,
                               @JsonProperty("service_notice") String serviceNotice,
                               @JsonProperty("requested_datetime") String requestedDatetime,
                               @JsonProperty("updated_datetime") String updatedDatetime,
                               @JsonProperty("expected_datetime") String expectedDatetime, String address,
                               @JsonProperty("address_id") String addressId, String zipcode, Double lat,
                               @JsonProperty("long") Double lon, @JsonProperty("media_url") String mediaUrl,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String ward,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String group) {}

    /** One error of {@code <errors>}: the HTTP status as code, and what went wrong. */
    @JsonPropertyOrder({"code", "description"})
    public record Error(int code, String description) {}

    /** Service Discovery (http://wiki.open311.org/Service_Discovery): where the endpoint is and which formats it speaks. */
    @JacksonXmlRootElement(localName = "discovery")
    @JsonPropertyOrder({"changeset", "contact", "key_service", "endpoints"})
    public record Discovery(String changeset, String contact, @JsonProperty("key_service") String keyService,
                            @JacksonXmlElementWrapper(localName = "endpoints") @JacksonXmlProperty(localName = "endpoint")
                            List<Endpoint> endpoints) {}

    @JsonPropertyOrder({"specification", "url", "changeset", "type", "formats"})
    public record Endpoint(String specification, String url, String changeset, String type,
                           @JacksonXmlElementWrapper(localName = "formats") @JacksonXmlProperty(localName = "format")
                           List<String> formats) {
        /** This intake at {@code url}: GeoReport v2, production, XML and JSON. */
        static Endpoint of(String url, String changeset) {
            return new Endpoint("http://wiki.open311.org/GeoReport_v2", url, changeset, "production",
                    List.of("text/xml", "application/json"));
        }
    }

    @JacksonXmlRootElement(localName = "services")
    record Services(@JacksonXmlProperty(localName = "service") List<ServiceEntry> items) {}

    @JacksonXmlRootElement(localName = "service_requests")
    record ServiceRequests(@JacksonXmlProperty(localName = "request") List<?> items) {}

    @JacksonXmlRootElement(localName = "errors")
    record Errors(@JacksonXmlProperty(localName = "error") List<Error> items) {}

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final XmlMapper XML = XmlMapper.builder()
            .defaultUseWrapper(false)
            .enable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION)
            .build();

    public static String services(Format f, List<ServiceEntry> services) {
        return write(f, services, new Services(services));
    }

    /** {@code <service_requests><request>…}: requests, a created request or a token. */
    public static String serviceRequests(Format f, List<?> requests) {
        return write(f, requests, new ServiceRequests(requests));
    }

    public static String discovery(Format f, Discovery discovery) {
        return write(f, discovery, discovery);
    }

    public static String definition(Format f, ServiceDefinition definition) {
        return write(f, definition, definition);
    }

    public static String errors(Format f, List<Error> errors) {
        return write(f, errors, new Errors(errors));
    }

    private static String write(Format f, Object json, Object xml) {
        try {
            return f == Format.JSON ? JSON.writeValueAsString(json) : XML.writeValueAsString(xml);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a GeoReport " + f + " document", e);
        }
    }

    static String time(Instant t) {
        return t == null ? null : W3C.format(t);
    }
}
