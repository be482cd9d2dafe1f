package org.iocity.sim.replay;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iocity.model.contract.DeviceContract;

/**
 * A controller hi-res log as CSV, the usual ATSPM export: {@code timestamp,device,code,param}. A header line is
 * optional; when there is one its column names choose the columns ({@code timestamp|time|ts},
 * {@code device|deviceid|signalid|signal}, {@code code|eventcode|eventid}, {@code param|eventparam|parameter}; any
 * case), so exports with other column orders read too. Timestamps are ISO date-times with an offset, or local
 * date-times ({@code 2026-11-20 08:00:00.1} or with a {@code T}) in the log's zone. A line that cannot be read is
 * reported with its number and reason, and the others are kept.
 */
public final class HiResLog {
    private HiResLog() {}

    /** One event of the log; {@code line} is its line number in the file (1 = the first line). */
    public record Event(String device, Instant ts, int code, int param, long line) {}

    /** A line that was not read, and why. */
    public record BadLine(long line, String reason) {}

    public record Read(List<Event> events, List<BadLine> bad) {}

    private static final Map<String, Integer> COLUMNS = Map.ofEntries(
            Map.entry("timestamp", 0), Map.entry("time", 0), Map.entry("ts", 0),
            Map.entry("device", 1), Map.entry("deviceid", 1), Map.entry("signalid", 1), Map.entry("signal", 1),
            Map.entry("code", 2), Map.entry("eventcode", 2), Map.entry("eventid", 2),
            Map.entry("param", 3), Map.entry("eventparam", 3), Map.entry("parameter", 3));

    /** {@code 2026-11-20 08:00:00.1} and {@code 2026-11-20T08:00:00.100}: date, space or T, time, optional fraction. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    public static Read read(Path file, ZoneId zone) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return read(r, zone);
        }
    }

    public static Read read(Reader in, ZoneId zone) throws IOException {
        CsvMapper mapper = new CsvMapper();
        List<Event> events = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        int[] index = {0, 1, 2, 3};
        // one record a line (no field of this format holds a line break): the row count is the line number
        try (MappingIterator<String[]> rows = mapper.readerForArrayOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.TRIM_SPACES).readValues(in)) {
            long line = 0;
            while (rows.hasNextValue()) {
                line++;
                String[] row = rows.nextValue();
                if (row.length == 0 || (row.length == 1 && row[0].isEmpty())) continue;
                if (line == 1 && isHeader(row)) {
                    index = columns(row);
                    continue;
                }
                try {
                    events.add(event(row, index, zone, line));
                } catch (IllegalArgumentException e) {
                    bad.add(new BadLine(line, e.getMessage()));
                }
            }
        }
        return new Read(events, bad);
    }

    private static boolean isHeader(String[] row) {
        return row.length > 0 && !row[0].isEmpty() && !Character.isDigit(row[0].charAt(0));
    }

    private static int[] columns(String[] header) {
        int[] index = {-1, -1, -1, -1};
        for (int i = 0; i < header.length; i++) {
            Integer c = COLUMNS.get(header[i].toLowerCase(Locale.ROOT).replace("_", "").replace(" ", ""));
            if (c != null && index[c] < 0) index[c] = i;
        }
        for (int c = 0; c < 4; c++) {
            if (index[c] < 0) {
                throw new IllegalArgumentException("the header " + String.join(",", header)
                        + " has no " + List.of("timestamp", "device", "code", "param").get(c) + " column");
            }
        }
        return index;
    }

    private static Event event(String[] row, int[] index, ZoneId zone, long line) {
        int need = Math.max(Math.max(index[0], index[1]), Math.max(index[2], index[3])) + 1;
        if (row.length < need) throw new IllegalArgumentException("has " + row.length + " fields, expected timestamp,device,code,param");
        String device = row[index[1]];
        if (device.isEmpty()) throw new IllegalArgumentException("no device");
        return new Event(device, instant(row[index[0]], zone), number(row[index[2]], "code"), number(row[index[3]], "param"), line);
    }

    static Instant instant(String text, ZoneId zone) {
        try {
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
            }
            return LocalDateTime.parse(text, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp " + text + " is not an ISO date-time (2026-11-20 08:00:00.1, local to the log's zone, or with an offset)");
        }
    }

    private static int number(String text, String field) {
        try {
            int v = Integer.parseInt(text);
            if (v < 0 || v > DeviceContract.MAX_CODE) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " " + text + " is not a whole number 0.." + DeviceContract.MAX_CODE);
        }
    }
}
