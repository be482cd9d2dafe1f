package org.iocity.api;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.iocity.model.CongestionResult;
import org.iocity.model.LevelOfService;
import org.iocity.model.Registry;
import org.iocity.model.VehicleCounts;

/** Shared fixtures of this module's tests: a three-segment registry, results, tokens. */
final class TestData {
    private TestData() {}

    static final String OPERATOR_TOKEN = "op-token-1";
    static final String WALL_TOKEN = "wall-token-1";
    static final String ADMIN_TOKEN = "admin-token-1";
    static final String ENGINEER_TOKEN = "eng-token-1";
    static final String LEADER_TOKEN = "leader-token-1";

    /** A token of each role. */
    static final Map<Role, String> TOKEN_OF = Map.of(Role.OPERATOR, OPERATOR_TOKEN, Role.WALL, WALL_TOKEN,
            Role.ADMIN, ADMIN_TOKEN, Role.ENGINEER, ENGINEER_TOKEN, Role.LEADER, LEADER_TOKEN);

    static Path registryFile() {
        try {
            return Path.of(TestData.class.getResource("/registry-test.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Registry registry() {
        return Registry.load(registryFile());
    }

    static Tokens tokens() {
        return Tokens.of(Map.of(
                OPERATOR_TOKEN, new Tokens.Principal("desk 1", Role.OPERATOR),
                WALL_TOKEN, new Tokens.Principal("wall A", Role.WALL),
                ADMIN_TOKEN, new Tokens.Principal("root", Role.ADMIN),
                ENGINEER_TOKEN, new Tokens.Principal("eng 7", Role.ENGINEER),
                LEADER_TOKEN, new Tokens.Principal("director", Role.LEADER)));
    }

    /** A result whose speed ratio gives {@code los}; the window ends at {@code windowEnd}. */
    static CongestionResult result(String segmentId, String ward, Instant windowEnd, LevelOfService los, double meanSpeedKmh) {
        double freeFlow = 35;
        return new CongestionResult(segmentId, ward, windowEnd.minusSeconds(300), windowEnd, 12, 240, 2880.0,
                new VehicleCounts(200, 30, 2, 3, 5), meanSpeedKmh, 0.21, freeFlow, meanSpeedKmh / freeFlow, los,
                freeFlow / Math.max(meanSpeedKmh, 0.1));
    }
}
