package org.iocity.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    @Test
    void defaults() {
        ApiSettings s = ApiSettings.from(IocConfig.of(Map.of("api.tokens.file", "/etc/ioc/tokens")));
        assertEquals("127.0.0.1", s.host());
        assertEquals(8080, s.port());
        assertEquals(Path.of("config/registry.json"), s.registryFile());
        assertEquals(Path.of("/etc/ioc/tokens"), s.tokensFile());
        assertEquals("http://127.0.0.1:8086", s.influxUrl());
        assertEquals("ioc", s.influxDatabase());
        assertEquals(1000, s.historyBatchSize());
        assertEquals(Duration.ofSeconds(30), s.historyRetryMax());
        assertEquals(Duration.ofSeconds(30), s.liveMaxLag());
    }

    @Test
    void missingTokensFileSaysWhatToSet() {
        ConfigException e = assertThrows(ConfigException.class, () -> ApiSettings.from(IocConfig.of(Map.of())));
        assertTrue(e.getMessage().contains("IOC_API_TOKENS_FILE"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void badValuesAreConfigErrors() {
        Map<String, String> base = Map.of("api.tokens.file", "t");
        assertThrows(ConfigException.class, () -> ApiSettings.from(IocConfig.of(base).with(Map.of("api.port", "70000"))));
        assertThrows(ConfigException.class, () -> ApiSettings.from(IocConfig.of(base).with(Map.of("influx.url", "localhost:8086"))));
        assertThrows(ConfigException.class, () -> ApiSettings.from(IocConfig.of(base).with(Map.of("influx.database", "ioc\"; DROP"))));
        assertThrows(ConfigException.class, () -> ApiSettings.from(IocConfig.of(base).with(Map.of("api.history.batch.size", "0"))));
        assertThrows(ConfigException.class, () -> ApiSettings.from(IocConfig.of(base).with(Map.of("api.live.max.lag", "0s"))));
        assertEquals(0, ApiSettings.from(IocConfig.of(base).with(Map.of("api.port", "0"))).port());
    }
}
