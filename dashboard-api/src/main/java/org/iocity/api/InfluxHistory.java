package org.iocity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.BoundParameterQuery;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * InfluxDB 1.x through influxdb-java: history queries (InfluxQL with bound parameters) and the history writer's
 * batched writes, each on its own HTTP client so a slow write never holds up a query. Every call blocks.
 */
final class InfluxHistory implements HistoryStore, HistoryWriter.Target, AutoCloseable {
    static final List<String> FIELDS = List.of("flowPerHour", "meanSpeedKmh", "occupancy", "speedRatio",
            "travelTimeIndex", "vehicles");
    /** Fixed text: the only varying parts are bound parameters and the step, rebuilt from a parsed number. */
    private static final String SELECT = "SELECT "
            + String.join(", ", FIELDS.stream().map(f -> "mean(\"" + f + "\") AS \"" + f + "\"").toList())
            + ", last(\"los\") AS \"los\" FROM \"" + CongestionPoints.MEASUREMENT + "\""
            + " WHERE \"segment\" = $segment AND time >= $from AND time < $to GROUP BY time(%s) fill(none)";

    private final String url;
    private final String database;
    private final InfluxDB queries;
    private final InfluxDB writes;
    private volatile boolean databaseReady;

    InfluxHistory(String url, String database, Duration timeout) {
        this.url = url;
        this.database = database;
        this.queries = connect(url, timeout);
        this.writes = connect(url, timeout);
    }

    private static InfluxDB connect(String url, Duration timeout) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(Math.min(timeout.toMillis(), 3_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false);
        return InfluxDBFactory.connect(url, http);
    }

    String url() {
        return url;
    }

    @Override
    public List<Map<String, Object>> congestion(HistoryQuery q) throws UnavailableException {
        Query query = BoundParameterQuery.QueryBuilder.newQuery(String.format(Locale.ROOT, SELECT, q.influxStep()))
                .forDatabase(database)
                .bind("segment", q.segmentId())
                .bind("from", q.from().toString())
                .bind("to", q.to().toString())
                .create();
        QueryResult result;
        try {
            result = queries.query(query);
        } catch (InfluxDBException e) {
            if (databaseMissing(e.getMessage())) return List.of();
            throw new UnavailableException("InfluxDB at " + url + " did not answer: " + oneLine(e));
        } catch (RuntimeException e) {
            throw new UnavailableException("InfluxDB at " + url + " did not answer: " + oneLine(e));
        }
        String error = result.getError();
        if (error == null && result.getResults() != null) {
            error = result.getResults().stream().map(QueryResult.Result::getError).filter(e -> e != null).findFirst().orElse(null);
        }
        if (error != null) {
            if (databaseMissing(error)) return List.of();
            throw new UnavailableException("InfluxDB at " + url + " failed the query: " + error);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (result.getResults() == null) return rows;
        for (QueryResult.Result r : result.getResults()) {
            if (r.getSeries() == null) continue;
            for (QueryResult.Series s : r.getSeries()) {
                List<String> columns = s.getColumns();
                for (List<Object> values : s.getValues()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size() && i < values.size(); i++) {
                        Object v = values.get(i);
                        if (v == null) continue;
                        if (v instanceof Double d && "vehicles".equals(columns.get(i)) && d == Math.rint(d)) v = d.longValue();
                        row.put(columns.get(i), v);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static boolean databaseMissing(String message) {
        return message != null && message.contains("database not found");
    }

    @Override
    public boolean ping() {
        try {
            return queries.ping().isGood();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Creates the database when missing (idempotent in InfluxDB 1.x), then writes the batch in ms precision. */
    @Override
    public void write(List<Point> points) {
        if (!databaseReady) {
            QueryResult r = writes.query(new Query("CREATE DATABASE \"" + database + "\""));
            if (r.getError() != null) throw new InfluxDBException("CREATE DATABASE failed: " + r.getError());
            databaseReady = true;
        }
        try {
            writes.write(BatchPoints.database(database).precision(TimeUnit.MILLISECONDS).points(points).build());
        } catch (InfluxDBException.DatabaseNotFoundException e) {
            databaseReady = false;
            throw e;
        }
    }

    @Override
    public String describe() {
        return "InfluxDB at " + url + " (database " + database + ")";
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null && e.getCause() != null) m = e.getCause().toString();
        if (m == null) m = e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        queries.close();
        writes.close();
    }
}
