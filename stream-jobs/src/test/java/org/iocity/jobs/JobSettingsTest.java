package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.iocity.jobs.citizen.CitizenPipeline;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.junit.jupiter.api.Test;

/** The job's settings from configuration: defaults, the holidays file read at build time, one-line refusals. */
class JobSettingsTest {
    @Test
    void settingsComeFromConfigurationWithTheHolidaysFile() throws Exception {
        // the shipped config/ioc.properties reads
        var file = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("../config/ioc.properties"))) {
            file.load(in);
        }
        var values = new java.util.HashMap<String, String>();
        file.stringPropertyNames().forEach(k -> values.put(k, file.getProperty(k)));
        values.put("calendar.holidays.file", "../config/holidays-vn.json");
        values.put("registry.file", "../config/registry.json"); // the job reads it at build time too
        CitizenPipeline.Settings shipped = JobSettings.from(IocConfig.of(values)).citizen();
        assertEquals(Duration.ofDays(7), shipped.kpi().revisionWindow());
        assertEquals(Duration.ofDays(90), shipped.kpi().caseTtl());
        assertEquals(Duration.ofSeconds(30), shipped.kpi().liveRefresh());
        assertEquals(List.of(7, 8, 9), shipped.heatmap().resolutions());
        CitizenPipeline.Settings s = JobSettings.from(IocConfig.of(Map.of(
                "calendar.holidays.file", "../config/holidays-vn.json", "heatmap.h3.resolutions", "8, 9",
                "heatmap.hotspot.min.count", "7", "kpi.allowed.lateness", "2h"))).citizen();
        assertEquals(List.of(8, 9), s.heatmap().resolutions());
        assertEquals(7, s.heatmap().rule().minCount());
        assertEquals(0.001, s.heatmap().rule().pValue());
        assertEquals(Duration.ofHours(2), s.kpi().allowedLateness());
        assertEquals(Duration.ofDays(7), s.kpi().revisionWindow());
        assertTrue(s.kpi().calendar().holidays().containsKey(LocalDate.parse("2026-09-02")));
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        var e = assertThrows(ConfigException.class, () -> JobSettings.from(IocConfig.of(Map.of(
                "heatmap.h3.resolutions", "7,16"))).citizen());
        assertEquals("heatmap.h3.resolutions must be a comma-separated list of 0..15, not 7,16", e.getMessage());
        e = assertThrows(ConfigException.class, () -> JobSettings.from(IocConfig.of(Map.of(
                "kpi.allowed.lateness", "48h", "kpi.revision.window", "24h"))).citizen());
        assertTrue(e.getMessage().startsWith("kpi.revision.window (PT24H) must be longer than kpi.allowed.lateness"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> JobSettings.from(IocConfig.of(Map.of(
                "kpi.live.refresh", "0s"))).citizen());
        assertEquals("kpi.live.refresh must be longer than 0 (default 30s)", e.getMessage());
    }
}
