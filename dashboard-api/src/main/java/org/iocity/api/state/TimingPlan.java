package org.iocity.api.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;

/**
 * A signal timing plan as an engineer sends it to a controller ({@code POST /api/v1/signals/{id}/plans}) and as the
 * controller receives it on {@code ioc/v1/signal/{id}/plan/set}.
 *
 * @param planNumber  the controller's plan slot, 1–255
 * @param cycleSec    cycle length, 20–300 s
 * @param offsetSec   offset within the cycle, 0 ≤ offset &lt; cycle
 * @param splits      seconds per phase (each phase once, 1–16, at least 3 s); their sum is at most the cycle
 * @param effectiveAt when the controller switches to it (ISO-8601 with offset)
 */
public record TimingPlan(int planNumber, int cycleSec, int offsetSec, List<Split> splits, Instant effectiveAt) {
    public static final int MIN_CYCLE = 20;
    public static final int MAX_CYCLE = 300;
    public static final int MIN_SPLIT = 3;

    public record Split(int phase, int seconds) {}

    /** Reads and checks a request body; every fault is a 400 {@link Problem} naming the field. */
    public static TimingPlan parse(JsonNode body, Set<Integer> knownPhases) {
        if (body == null || !body.isObject()) throw Problem.badRequest("the body must be a JSON object (a timing plan)");
        int plan = integer(body, "planNumber", 1, 255);
        int cycle = integer(body, "cycleSec", MIN_CYCLE, MAX_CYCLE);
        int offset = integer(body, "offsetSec", 0, cycle - 1);
        JsonNode splits = body.get("splits");
        if (splits == null || !splits.isArray() || splits.isEmpty()) {
            throw Problem.badRequest("field splits is required: a non-empty array of {\"phase\":2,\"seconds\":30}");
        }
        List<Split> list = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int sum = 0;
        for (int i = 0; i < splits.size(); i++) {
            JsonNode s = splits.get(i);
            if (!s.isObject()) throw Problem.badRequest("field splits[" + i + "] must be an object {phase, seconds}");
            int phase = integer(s, "phase", 1, 16, "splits[" + i + "].phase");
            int seconds = integer(s, "seconds", MIN_SPLIT, MAX_CYCLE, "splits[" + i + "].seconds");
            if (!seen.add(phase)) throw Problem.badRequest("field splits: phase " + phase + " appears twice");
            if (!knownPhases.isEmpty() && !knownPhases.contains(phase)) {
                throw Problem.badRequest("field splits[" + i + "].phase: phase " + phase
                        + " is not a phase of this intersection " + knownPhases);
            }
            sum += seconds;
            list.add(new Split(phase, seconds));
        }
        if (sum > cycle) {
            throw Problem.badRequest("field splits: the splits add up to " + sum + " s, more than the cycle of " + cycle + " s");
        }
        JsonNode eff = body.get("effectiveAt");
        if (eff == null || !eff.isTextual()) {
            throw Problem.badRequest("field effectiveAt is required: an ISO-8601 time with offset, e.g. 2025-07-01T22:00:00+07:00");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(eff.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("field effectiveAt: " + Text.clip(eff.asText())
                    + " is not an ISO-8601 time with offset");
        }
        return new TimingPlan(plan, cycle, offset, List.copyOf(list), at);
    }

    private static int integer(JsonNode o, String field, int min, int max) {
        return integer(o, field, min, max, field);
    }

    private static int integer(JsonNode o, String field, int min, int max, String name) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw Problem.badRequest("field " + name + " is required (an integer " + min + "–" + max + ")");
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw Problem.badRequest("field " + name + " must be an integer " + min + "–" + max + ", not " + Text.clip(v.toString()));
        }
        return v.asInt();
    }
}
