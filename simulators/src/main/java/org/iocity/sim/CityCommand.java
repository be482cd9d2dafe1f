package org.iocity.sim;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.iocity.model.registry.Registry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ioc-sim city}: writes a seeded synthetic Ho Chi Minh City as a registry file ({@link CityGenerator}). */
@Command(name = "city", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Writes a seeded city (wards with populations, intersections, segments, smart controllers, cameras, "
                + "air/water/noise sensors) as a registry file the gateway and the simulators read. Same options, same bytes.")
final class CityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the registry JSON")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed: same seed, same city. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--wards", paramLabel = "N", defaultValue = "168", description = "Wards and communes, 1..1000. Default: ${DEFAULT-VALUE}")
    int wards;

    @Option(names = "--population", paramLabel = "N", defaultValue = "9500000", description = "People in all wards. Default: ${DEFAULT-VALUE}")
    long population;

    @Option(names = "--intersections", paramLabel = "N", defaultValue = "2000", description = "Signalised intersections, 4..50000. Default: ${DEFAULT-VALUE}")
    int intersections;

    @Option(names = "--smart", paramLabel = "N", defaultValue = "200", description = "Of which smart (hi-res events, detectors). Default: ${DEFAULT-VALUE}")
    int smart;

    @Option(names = "--cameras", paramLabel = "N", defaultValue = "900", description = "Counting cameras on segments. Default: ${DEFAULT-VALUE}")
    int cameras;

    @Option(names = "--air", paramLabel = "N", defaultValue = "60", description = "Air-quality sensors (pm25, pm10, no2). Default: ${DEFAULT-VALUE}")
    int air;

    @Option(names = "--water", paramLabel = "N", defaultValue = "40", description = "Water-level sensors on flood-prone segments. Default: ${DEFAULT-VALUE}")
    int water;

    @Option(names = "--noise", paramLabel = "N", defaultValue = "40", description = "Noise sensors. Default: ${DEFAULT-VALUE}")
    int noise;

    @Override
    public Integer call() {
        CityGenerator.CityFile city;
        try {
            city = CityGenerator.write(new CityGenerator.Spec(seed, wards, intersections, smart, cameras, air, water, noise,
                    population), out);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Registry check = Registry.load(out);
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "wrote %s: %d wards (%,d people), %d intersections (%d smart), %d segments, %d cameras, %d signal controllers, %d sensors",
                out, check.wards().size(), city.wards().stream().mapToLong(CityGenerator.WardEntry::population).sum(),
                check.intersections().size(), city.intersections().stream().filter(Registry.Intersection::smart).count(),
                check.segments().size(), check.devices("camera").size(), check.devices("signal").size(),
                check.devices("sensor").size()));
        return 0;
    }
}
