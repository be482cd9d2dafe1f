package org.iocity.ingest.open311;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.DossierEvent;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;
import org.iocity.model.registry.WorkingCalendar;

/**
 * The framework-free core of the intake: turns the fields of a request into a {@link ComplaintEvent} or
 * {@link DossierEvent}, or refuses them with a {@link Rejection}. No HTTP, no Kafka: unit-testable by calling it.
 */
final class CitizenRequests {
    /** Ho Chi Minh City (after the 2025 merger, without Bình Dương / Bà Rịa–Vũng Tàu), roughly. */
    static final double MIN_LAT = 10.35, MAX_LAT = 11.17, MIN_LON = 106.35, MAX_LON = 107.03;
    static final int MAX_DESCRIPTION = 4000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 .()-]{6,20}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(WorkingCalendar.CITY_ZONE);
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final ServiceCatalog catalog;
    private final WorkingCalendar calendar;
    private final Registry registry;
    private final WardLocator wards;
    private final SecureRandom random = new SecureRandom();

    CitizenRequests(ServiceCatalog catalog, WorkingCalendar calendar, Registry registry, double wardRadiusM) {
        this.catalog = catalog;
        this.calendar = calendar;
        this.registry = registry;
        this.wards = new WardLocator(registry, wardRadiusM);
    }

    /** A new {@code received} complaint from an Open311 POST requests, due the service's working days later. */
    ComplaintEvent received(RequestFields f, String channel, Instant now) throws Rejection {
        String code = f.required("service_code", 100);
        ServiceCatalog.Service service = catalog.service(code)
                .orElseThrow(() -> new Rejection(RejectReason.UNKNOWN_SERVICE, "service_code " + code + " is not in GET services"));
        String description = f.required("description", MAX_DESCRIPTION);
        Double lat = f.decimal("lat", MIN_LAT, MAX_LAT);
        Double lon = f.decimal("long", MIN_LON, MAX_LON);
        String address = f.optional("address_string", 500);
        if ((lat == null) != (lon == null)) {
            throw new Rejection(RejectReason.MISSING_FIELD, "lat and long go together: give both or neither");
        }
        if (lat == null && address == null) {
            throw new Rejection(RejectReason.MISSING_FIELD, "a location is required: lat and long, or address_string");
        }
        String ward = ward(f);
        if (ward == null && lat != null) ward = wards.ward(lat, lon).orElse(null);
        String mediaUrl = f.optional("media_url", 2000);
        if (mediaUrl != null) requireHttpUrl(mediaUrl);
        String email = f.optional("email", 254);
        if (email != null && !EMAIL.matcher(email).matches()) throw new Rejection(RejectReason.WRONG_TYPE, "email is not an e-mail address");
        String phone = f.optional("phone", 20);
        if (phone != null && !PHONE.matcher(phone).matches()) throw new Rejection(RejectReason.WRONG_TYPE, "phone is not a phone number");
        String first = f.optional("first_name", 100);
        String last = f.optional("last_name", 100);
        String account = f.optional("account_id", 100);
        ComplaintEvent.Contact contact = email == null && phone == null && first == null && last == null && account == null
                ? null : new ComplaintEvent.Contact(email, phone, first, last, account);
        Map<String, List<String>> answers = attributes(service, f.attributes());
        return new ComplaintEvent(UUID.randomUUID().toString(), newRequestId(now), ComplaintEvent.RECEIVED, now,
                service.code(), service.group(), ward, null,
                calendar.addWorkingDays(now, service.dueWorkingDays()), lat, lon, address, description, mediaUrl,
                channel, null, contact, f.optional("device_id", 100), answers.isEmpty() ? null
                        : new ComplaintEvent.Attributes(answers.entrySet().stream()
                        .map(e -> new ComplaintEvent.AttributeAnswer(e.getKey(), e.getValue().toArray(String[]::new)))
                        .toArray(ComplaintEvent.AttributeAnswer[]::new)));
    }

    /**
     * The answers to the service definition, checked against it: every required attribute answered, no attribute the
     * definition does not have (a typo would be lost otherwise), each value of its datatype, list values among the
     * definition's keys, several values only for a {@code multivaluelist}. In the definition's order.
     */
    static Map<String, List<String>> attributes(ServiceCatalog.Service service, Map<String, List<String>> given) throws Rejection {
        for (String code : given.keySet()) {
            if (service.attribute(code).filter(ServiceCatalog.Attribute::variable).isEmpty()) {
                throw new Rejection(RejectReason.OUT_OF_RANGE, "attribute[" + code + "] is not in the definition of service "
                        + service.code() + " (GET services/" + service.code() + ")");
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<ServiceCatalog.Attribute> defined = new ArrayList<>(service.attributes());
        defined.sort(Comparator.comparingInt(ServiceCatalog.Attribute::order));
        for (ServiceCatalog.Attribute a : defined) {
            List<String> values = given.getOrDefault(a.code(), List.of()).stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
            String name = "attribute[" + a.code() + "]";
            if (values.isEmpty()) {
                if (a.required()) {
                    throw new Rejection(RejectReason.MISSING_FIELD, name + " is required for service " + service.code() + ": "
                            + a.description());
                }
                continue;
            }
            if (values.size() > 1 && !"multivaluelist".equals(a.datatype())) {
                throw new Rejection(RejectReason.WRONG_TYPE, name + " takes one value (" + a.datatype() + "), not " + values.size());
            }
            for (String v : values) checkValue(name, a, v);
            out.put(a.code(), values);
        }
        return out;
    }

    private static void checkValue(String name, ServiceCatalog.Attribute a, String v) throws Rejection {
        switch (a.datatype()) {
            case "number" -> {
                try {
                    if (!Double.isFinite(Double.parseDouble(v))) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    throw new Rejection(RejectReason.WRONG_TYPE, name + " must be a number, not " + v);
                }
            }
            case "datetime" -> {
                try {
                    OffsetDateTime.parse(v);
                } catch (DateTimeParseException e) {
                    throw new Rejection(RejectReason.WRONG_TYPE, name + " must be an ISO 8601 datetime with offset, not " + v);
                }
            }
            case "string" -> {
                if (v.length() > 500) throw new Rejection(RejectReason.OUT_OF_RANGE, name + " is longer than 500 characters");
                if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                    throw new Rejection(RejectReason.WRONG_TYPE, name + " is a string: no line breaks (a text attribute may have them)");
                }
            }
            case "text" -> {
                if (v.length() > MAX_DESCRIPTION) throw new Rejection(RejectReason.OUT_OF_RANGE, name + " is longer than " + MAX_DESCRIPTION + " characters");
            }
            default -> {
                if (!a.hasKey(v)) {
                    throw new Rejection(RejectReason.OUT_OF_RANGE, name + "=" + v + " is not one of the keys "
                            + a.values().stream().map(ServiceCatalog.Value::key).toList());
                }
            }
        }
    }

    /**
     * A back-office lifecycle step of complaint {@code requestId}; what the event leaves out (category, ward, due time,
     * agency) is taken from {@code known}, the complaint as the intake last saw it.
     */
    ComplaintEvent lifecycle(String requestId, RequestFields f, Optional<ComplaintView.Status> known, String channel,
                             Instant now) throws Rejection {
        if (!ID.matcher(requestId).matches()) throw new Rejection(RejectReason.WRONG_TYPE, "the request id in the path is not an id");
        String rawType = f.required("type", 40);
        String type = ComplaintEvent.lifecycleType(rawType).orElseThrow(() -> new Rejection(RejectReason.OUT_OF_RANGE,
                "type " + rawType + " is not one of " + ComplaintEvent.LIFECYCLE));
        Instant time = eventTime(f, "time", now);
        String agency = f.optional("agency", 200);
        if (agency == null && ComplaintEvent.ASSIGNED.equals(type)) {
            throw new Rejection(RejectReason.MISSING_FIELD, "agency is required when a complaint is assigned");
        }
        String givenCode = f.optional("service_code", 100);
        String code = givenCode;
        String category = null;
        if (givenCode != null) {
            category = catalog.service(givenCode).orElseThrow(() -> new Rejection(RejectReason.UNKNOWN_SERVICE,
                    "service_code " + givenCode + " is not in GET services.json")).group();
        }
        String ward = ward(f);
        Instant due = f.time("due_time");
        String note = f.optional("note", MAX_DESCRIPTION);
        if (known.isPresent()) {
            ComplaintView.Status k = known.get();
            if (code == null) {
                code = k.serviceCode();
                category = k.category();
            }
            if (ward == null) ward = k.ward();
            if (due == null) due = k.dueTime();
            if (agency == null) agency = k.agency();
        }
        return new ComplaintEvent(UUID.randomUUID().toString(), requestId, type, time, code, category, ward, agency, due,
                null, null, null, null, null, channel, note, null, null);
    }

    /** A dossier event from the back office. */
    DossierEvent dossier(RequestFields f, String channel, Instant now) throws Rejection {
        String id = f.required("dossier_id", 100);
        if (!ID.matcher(id).matches()) throw new Rejection(RejectReason.WRONG_TYPE, "dossier_id " + id + " is not an id (letters, digits, ._:/-)");
        String procedure = f.required("procedure_code", 100);
        String ward = ward(f);
        if (ward == null) throw new Rejection(RejectReason.MISSING_FIELD, "ward is required");
        String agency = f.required("agency", 200);
        String rawType = f.required("type", 40);
        String type = DossierEvent.type(rawType).orElseThrow(() -> new Rejection(RejectReason.OUT_OF_RANGE,
                "type " + rawType + " is not one of " + DossierEvent.TYPES));
        Instant time = eventTime(f, "event_time", now);
        Instant due = f.time("due_time");
        if (due == null && "submitted".equals(type)) throw new Rejection(RejectReason.MISSING_FIELD, "due_time is required when a dossier is submitted");
        if (due != null && due.isBefore(time) && "submitted".equals(type)) {
            // later steps may well come after the due time (late dossiers); a dossier cannot be due before it exists
            throw new Rejection(RejectReason.OUT_OF_RANGE, "due_time " + due + " is before event_time " + time + " of its submission");
        }
        return new DossierEvent(UUID.randomUUID().toString(), id, procedure, ward, agency, type, time, due, channel,
                f.optional("note", MAX_DESCRIPTION));
    }

    /**
     * When a back-office event happened ({@code now} when not given): not later than the intake's clock allows
     * devices ({@link DeviceContract#MAX_CLOCK_AHEAD}), since a step dated ahead would count in KPIs of days to come.
     */
    private static Instant eventTime(RequestFields f, String name, Instant now) throws Rejection {
        Instant t = f.time(name);
        if (t == null) return now;
        if (t.isAfter(now.plus(DeviceContract.MAX_CLOCK_AHEAD))) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, name + " " + t + " is more than "
                    + DeviceContract.MAX_CLOCK_AHEAD.toMinutes() + " min ahead of the intake's clock " + now);
        }
        return t;
    }

    private String ward(RequestFields f) throws Rejection {
        String ward = f.optional("ward", 100);
        if (ward != null && registry.ward(ward).isEmpty()) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, "ward " + ward + " is not in the registry");
        }
        return ward;
    }

    private static void requireHttpUrl(String url) throws Rejection {
        try {
            URI u = new URI(url);
            if (u.getHost() == null || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                throw new Rejection(RejectReason.WRONG_TYPE, "media_url must be an http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new Rejection(RejectReason.WRONG_TYPE, "media_url must be an http or https URL");
        }
    }

    /** {@code 1022-20261123-7KQ2M9XA}: the day of receipt in the city, then 8 random characters. */
    String newRequestId(Instant now) {
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        return "1022-" + DAY.format(now) + "-" + new String(c);
    }
}
