package org.iocity.ingest.open311;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iocity.model.config.ConfigException;
import org.iocity.model.records.Json;

/**
 * The Open311 service list (the 1022 categories), read from a data file. Each service has a due time in working days,
 * counted by the city's {@link org.iocity.model.registry.WorkingCalendar} (Monday to Friday minus public holidays).
 */
public final class ServiceCatalog {
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Service(@JsonProperty("service_code") String code, @JsonProperty("service_name") String name,
                          String group, String description, @JsonProperty("due_working_days") int dueWorkingDays) {}

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
            if (s.code() == null || s.code().isBlank() || s.name() == null || s.group() == null) {
                throw new ConfigException("Open311 service list " + file + ": every service needs service_code, service_name and group");
            }
            if (s.dueWorkingDays() < 1 || s.dueWorkingDays() > 365) {
                throw new ConfigException("Open311 service list " + file + ": service " + s.code() + " needs due_working_days from 1 to 365");
            }
            if (m.putIfAbsent(s.code(), s) != null) {
                throw new ConfigException("Open311 service list " + file + ": service_code " + s.code() + " appears twice");
            }
        }
        return new ServiceCatalog(java.util.Collections.unmodifiableMap(m));
    }

    public Optional<Service> service(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    public List<Service> services() {
        return List.copyOf(byCode.values());
    }
}
