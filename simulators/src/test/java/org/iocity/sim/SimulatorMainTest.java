package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.iocity.model.config.IocConfig;
import org.iocity.parts.Await;
import org.iocity.parts.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class SimulatorMainTest {
    static final String REGISTRY = Path.of("../config/registry.json").toString();

    record Outcome(int code, String out, String err) {}

    static Outcome run(IocConfig config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SimulatorMain.execute(config, new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Outcome run(String... args) {
        return run(IocConfig.of(Map.of("registry.file", REGISTRY)), args);
    }

    static void assertOneLineError(Outcome o, String expected) {
        assertEquals(2, o.code(), o.toString());
        assertEquals("", o.out(), "nothing on stdout");
        String err = o.err().strip();
        assertFalse(err.isEmpty());
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), "no stack trace: " + err);
        assertTrue(err.startsWith("ioc-sim: "), err);
        assertTrue(err.contains(expected), err);
    }

    @Test
    void aNegativeIntervalIsOneLineAndExitCodeTwo() {
        assertOneLineError(run("--interval", "-1"), "--interval must be 1..3600 seconds, was -1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--interval abc|--interval",
            "--interval 3601|--interval",
            "--count 0|--count",
            "--cameras 0|--cameras",
            "--duration soon|not a duration",
            "--speedup 0.5|--speedup",
            "--incident-rate 2|--incident-rate",
            "--max-in-flight 0|--max-in-flight",
            "--mqtt-url localhost|--mqtt-url",
            "--start yesterday|not a time",
            "--start 2020-01-01T00:00:00+07:00|within the last 7 days",
            "--no-such-option|no-such-option",
            "--streams cameras,buses|--streams takes cameras, signals, sensors and citizens, not buses",
            "--late 2|--late must be 0..1",
            "--duplicates -0.1|--duplicates must be 0..1",
            "--signal-batch 0|--signal-batch",
            "--on-time 1.5|--on-time",
            "--scenario 120/7s|--scenario takes N/WINDOW",
            "--scenario lots|--scenario takes N/WINDOW",
            "--streams citizens|--streams citizens needs --intake-key",
            "--streams sensors --silent nobody@5m|--silent takes DEVICE@AFTER",
            "city --intersections 3 --out x.json|intersections must be 4..50000",
    })
    void badOptionsAreOneLineAndExitCodeTwo(String args, String expected) {
        assertOneLineError(run(args.split(" ")), expected);
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCodeTwo() {
        int port = Ports.free(); // nothing listens there
        Outcome o = run("--mqtt-url", "tcp://127.0.0.1:" + port, "--count", "1", "--client-id", "unit-unreachable");
        assertOneLineError(o, "cannot connect to MQTT broker tcp://127.0.0.1:" + port);
        // Paho's threads end asynchronously after close; they must all end, not linger (a loaded machine is slow)
        Await.until(Duration.ofSeconds(10), "Paho threads of unit-unreachable to end", () -> Thread.getAllStackTraces()
                .keySet().stream().noneMatch(t -> t.isAlive() && t.getName().contains("unit-unreachable")));
    }

    @Test
    void aMissingRegistryIsOneLineAndExitCodeTwo() {
        assertOneLineError(run("--registry", "no/such/registry.json"), "registry file no/such/registry.json does not exist");
    }

    @Test
    void optionsDefaultToTheConfigurationAndTheCommandLineWins() {
        IocConfig config = IocConfig.of(Map.of("registry.file", REGISTRY, "sim.interval", "0"));
        assertOneLineError(run(config), "--interval must be 1..3600 seconds, was 0");
        // the command line overrides the configuration: the bad configured interval is not used
        int port = Ports.free();
        assertOneLineError(run(config, "--interval", "5", "--mqtt-url", "tcp://127.0.0.1:" + port), "cannot connect");

        IocConfig broker = IocConfig.of(Map.of("registry.file", REGISTRY, "mqtt.url", "tcp://127.0.0.1:" + port));
        assertOneLineError(run(broker), "cannot connect to MQTT broker tcp://127.0.0.1:" + port);

        assertEquals("mqtt.url", SimulatorMain.ConfigDefaults.key("--mqtt-url"));
        assertEquals("registry.file", SimulatorMain.ConfigDefaults.key("--registry"));
        assertEquals("sim.interval", SimulatorMain.ConfigDefaults.key("--interval"));
        assertEquals("sim.client.id", SimulatorMain.ConfigDefaults.key("--client-id"));
        assertEquals("IOC_SIM_INTERVAL", IocConfig.envName("sim.interval"));
    }

    @Test
    void helpGoesToStdoutWithExitCodeZero() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("--mqtt-url"), o.out());
        assertTrue(o.out().contains("--interval"), o.out());
        assertTrue(o.out().contains("--streams"), o.out());
        assertTrue(o.out().contains("city"), "subcommands listed: " + o.out());
        assertEquals("", o.err());
        Outcome city = run("city", "--help");
        assertEquals(0, city.code());
        assertTrue(city.out().contains("--intersections"), city.out());
    }
}
