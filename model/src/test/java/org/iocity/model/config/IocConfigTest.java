package org.iocity.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IocConfigTest {

    @Test
    void environmentOverridesFileAndSystemPropertiesOverrideEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ioc.properties");
        Files.writeString(file, "kafka.bootstrap=file:1\napi.port=8080\nmqtt.url=tcp://file\n");
        Properties sys = new Properties();
        sys.setProperty("ioc.mqtt.url", "tcp://sys");
        IocConfig c = IocConfig.load(Map.of("IOC_CONFIG", file.toString(), "IOC_API_PORT", "9090",
                "IOC_MQTT_URL", "tcp://env"), sys);
        assertEquals("file:1", c.string("kafka.bootstrap"));
        assertEquals(9090, c.port("api.port", false));
        assertEquals("tcp://sys", c.string("mqtt.url"));
    }

    @Test
    void missingSettingSaysWhatToSetInOneLine() {
        IocConfig c = IocConfig.of(Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> c.string("kafka.bootstrap"));
        assertEquals("missing setting kafka.bootstrap: set IOC_KAFKA_BOOTSTRAP or kafka.bootstrap in config/ioc.properties",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void badPortIsRefused() {
        IocConfig c = IocConfig.of(Map.of("api.port", "80800"));
        ConfigException e = assertThrows(ConfigException.class, () -> c.port("api.port", false));
        assertTrue(e.getMessage().startsWith("bad setting api.port=80800"), e.getMessage());
    }

    @Test
    void missingConfigFileIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> IocConfig.load(Map.of("IOC_CONFIG", "/nonexistent/ioc.properties"), new Properties()));
        assertTrue(e.getMessage().contains("/nonexistent/ioc.properties"));
    }

    @Test
    void durationsReadInUnitsOrIso() {
        IocConfig c = IocConfig.of(Map.of("a", "500ms", "b", "30s", "c", "5m", "d", "PT2H", "e", "soon", "f", "30d"));
        assertEquals(Duration.ofMillis(500), c.duration("a", Duration.ZERO));
        assertEquals(Duration.ofSeconds(30), c.duration("b", Duration.ZERO));
        assertEquals(Duration.ofMinutes(5), c.duration("c", Duration.ZERO));
        assertEquals(Duration.ofHours(2), c.duration("d", Duration.ZERO));
        assertEquals(Duration.ofDays(30), c.duration("f", Duration.ZERO));
        assertEquals(Duration.ofSeconds(7), c.duration("missing", Duration.ofSeconds(7)));
        assertThrows(ConfigException.class, () -> c.duration("e", Duration.ZERO));
    }

    @Test
    void prefixedValuesPassThrough() {
        IocConfig c = IocConfig.of(Map.of("kafka.producer.linger.ms", "20", "kafka.bootstrap", "x"));
        assertEquals(Map.of("linger.ms", "20"), c.withPrefix("kafka.producer"));
    }
}
