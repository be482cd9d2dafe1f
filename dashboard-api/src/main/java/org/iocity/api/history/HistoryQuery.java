package org.iocity.api.history;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;
import org.iocity.model.registry.Registry;

/**
 * A checked history request: one measure and entity (a segment for congestion), a time range of at most
 * {@link #MAX_RANGE} (the limit signal performance shares) and a bucket size. Every value
 * that reaches InfluxQL is either a bound parameter (segment, times) or rebuilt from a parsed number (the step).
 *
 * @param measure   what is asked for
 * @param entity    the entity id: a segment of the registry, an area, an intersection
 * @param from      inclusive start
 * @param to        exclusive end
 * @param step      bucket size, whole seconds
 */
public record HistoryQuery(HistoryMeasure measure, String entity, Instant from, Instant to, Duration step) {
    public static final Duration MAX_RANGE = Duration.ofDays(31);
    /** History is kept for 2000..2100; other times (InfluxDB cannot even hold most) are a 400, not a failed query. */
    static final Instant MIN_TIME = Instant.parse("2000-01-01T00:00:00Z"), MAX_TIME = Instant.parse("2100-01-01T00:00:00Z");
    /** Steps tried, smallest first, when the request names none. */
    static final List<Duration> AUTO_STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1));
    static final int MAX_ENTITY = 128;
    /** The bucket of the downsampled series in the long retention policy. */
    static final Duration DOWNSAMPLED = Duration.ofMinutes(5);
    private static final Pattern STEP = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

    /**
     * Checks the query values of {@code GET /api/v1/history/{measure}}: a 400 {@link Problem} for a missing or bad
     * value, 404 for a segment the registry does not know.
     */
    public static HistoryQuery parse(HistoryMeasure measure, String entity, String from, String to, String step,
                              Registry registry, int maxPoints) {
        if (entity == null || entity.isBlank()) {
            throw Problem.badRequest("entity (the " + measure.entityTag + " id) is required");
        }
        String id = entity.strip();
        if (id.length() > MAX_ENTITY) throw Problem.badRequest("entity is longer than " + MAX_ENTITY + " characters");
        if (measure == HistoryMeasure.CONGESTION && registry.segment(id).isEmpty()) {
            throw Problem.notFound("unknown segment " + Text.clip(id));
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        Duration range = checkRange(start, end);
        Duration s;
        if (step == null || step.isBlank()) {
            s = AUTO_STEPS.stream().filter(d -> buckets(range, d) <= maxPoints).findFirst()
                    .orElse(AUTO_STEPS.get(AUTO_STEPS.size() - 1));
        } else {
            s = step(step.strip());
            long n = buckets(range, s);
            if (n > maxPoints) {
                throw Problem.badRequest("step " + step.strip() + " gives " + n + " buckets over this range, more than "
                        + maxPoints + ": choose a larger step");
            }
        }
        return new HistoryQuery(measure, id, start, end, s);
    }

    /**
     * The one range check of every from..to query (history and signal performance): from before to, at most
     * {@link #MAX_RANGE}; else a 400 problem. Returns the range.
     */
    public static Duration checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) throw Problem.badRequest("from must be before to");
        Duration range = Duration.between(from, to);
        if (range.compareTo(MAX_RANGE) > 0) {
            throw Problem.badRequest("the range from..to is longer than " + MAX_RANGE.toDays() + " days");
        }
        return range;
    }

    /** A step such as {@code 30s}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}. */
    static Duration step(String value) {
        Matcher m = STEP.matcher(value);
        if (!m.matches()) {
            throw Problem.badRequest("bad step " + Text.clip(value) + ": expected a number and a unit s, m, h or d, e.g. 5m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** ISO-8601 with an offset ({@code 2025-07-01T08:00:00+07:00} or {@code ...Z}). */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw Problem.badRequest(name + " is required: an ISO-8601 time such as 2025-07-01T08:00:00+07:00");
        }
        // an unencoded '+' in a query string arrives as a space; ISO-8601 never holds one
        String v = value.strip().replace(' ', '+');
        Instant t;
        try {
            t = OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("bad " + name + " " + Text.clip(value)
                    + ": expected an ISO-8601 time with offset such as 2025-07-01T08:00:00+07:00");
        }
        if (t.isBefore(MIN_TIME) || !t.isBefore(MAX_TIME)) {
            throw Problem.badRequest(name + " " + Text.clip(value) + " is outside " + MIN_TIME + ".." + MAX_TIME);
        }
        return t;
    }

    public static long buckets(Duration range, Duration step) {
        long r = range.toMillis();
        long s = step.toMillis();
        return (r + s - 1) / s;
    }

    /**
     * Whether to read the downsampled series: when the raw retention no longer holds the start of the range, or the
     * step is at least the downsampled bucket and the range ended before the last bucket still being downsampled.
     */
    boolean readsLong(Instant now, Duration rawRetention) {
        return from.isBefore(now.minus(rawRetention))
                || step.compareTo(DOWNSAMPLED) >= 0 && !to.isAfter(now.minus(DOWNSAMPLED.multipliedBy(2)));
    }

    /** The step as InfluxQL duration literal, in whole seconds. */
    public String influxStep() {
        return step.toSeconds() + "s";
    }

    /** The step in the shortest exact unit: {@code 90s}, {@code 5m}, {@code 1h}, {@code 1d}. */
    public String stepText() {
        long sec = step.toSeconds();
        if (sec % 86_400 == 0) return sec / 86_400 + "d";
        if (sec % 3_600 == 0) return sec / 3_600 + "h";
        if (sec % 60 == 0) return sec / 60 + "m";
        return sec + "s";
    }
}
