package org.iocity.api.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.iocity.api.web.Text;

/**
 * InfluxDB 1.x through influxdb-java: history queries (InfluxQL with bound parameters) and the history writer's
 * batched writes, each on its own HTTP client so a slow write never holds up a query. Every call blocks.
 */
public final class InfluxHistory implements HistoryStore, HistoryWriter.Target, AutoCloseable {
    static final List<String> FIELDS = List.of("flowPerHour", "meanSpeedKmh", "occupancy", "speedRatio",
            "travelTimeIndex", "vehicles");
    /** Raw points are kept here (the default policy); {@link #LONG} holds their 5-minute means. */
    static final String RAW = "raw";
    static final String LONG = "long";

    private final String url;
    private final String database;
    private final InfluxDB queries;
    private final InfluxDB writes;
    private volatile boolean databaseReady;

    private final Duration rawRetention;
    private final Duration longRetention;

    public InfluxHistory(String url, String database, Duration timeout, Duration rawRetention, Duration longRetention) {
        this.url = url;
        this.database = database;
        this.rawRetention = rawRetention;
        this.longRetention = longRetention;
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
    public List<Map<String, Object>> history(HistoryQuery q) throws UnavailableException {
        String policy = q.readsLong(Instant.now(), rawRetention) ? LONG : RAW;
        Query query = BoundParameterQuery.QueryBuilder.newQuery(select(q, policy))
                .forDatabase(database)
                .bind("entity", q.entity())
                .bind("from", q.from().toString())
                .bind("to", q.to().toString())
                .create();
        QueryResult result;
        try {
            result = queries.query(query);
        } catch (InfluxDBException e) {
            if (databaseMissing(e.getMessage())) return List.of();
            throw new UnavailableException("InfluxDB at " + url + " did not answer: " + Text.oneLine(e));
        } catch (RuntimeException e) {
            throw new UnavailableException("InfluxDB at " + url + " did not answer: " + Text.oneLine(e));
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
                    if (s.getTags() != null) s.getTags().forEach(row::put);
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * Fixed text from the measure, the policy and the step (rebuilt from a parsed number); entity and times are bound
     * parameters.
     */
    static String select(HistoryQuery q, String policy) {
        HistoryMeasure m = q.measure();
        String groupBy = "time(" + q.influxStep() + ")"
                + String.join("", m.groupTags.stream().map(t -> ", \"" + t + "\"").toList());
        return "SELECT " + m.selectList() + " FROM \"" + policy + "\".\"" + m.measurement + "\" WHERE \"" + m.entityTag
                + "\" = $entity AND time >= $from AND time < $to GROUP BY " + groupBy + " fill(none)";
    }

    /**
     * The statements that set up the database, idempotently: the raw policy (default) and the long one, and per
     * measure a continuous query writing 5-minute means of the raw series into the long policy.
     */
    List<String> setup() {
        List<String> s = new ArrayList<>();
        s.add("CREATE DATABASE \"" + database + "\"");
        s.add(policy(RAW, rawRetention) + " DEFAULT");
        s.add(policy(LONG, longRetention));
        for (HistoryMeasure m : HistoryMeasure.values()) {
            s.add("CREATE CONTINUOUS QUERY \"" + m.measurement + "_5m\" ON \"" + database + "\" BEGIN "
                    + LongPolicyBackfill.downsample(database, m, null) + " END");
        }
        return s;
    }

    private String policy(String name, Duration keep) {
        return "RETENTION POLICY \"" + name + "\" ON \"" + database + "\" DURATION " + keep.toSeconds() + "s REPLICATION 1";
    }

    /** Runs {@link #setup}; a policy that exists with other settings is altered to these. */
    public void prepare() {
        for (String statement : setup()) {
            String create = statement.startsWith("RETENTION") ? "CREATE " + statement : statement;
            String error = run(create);
            if (error != null && statement.startsWith("RETENTION") && (error.contains("already exists") || error.contains("conflicts"))) {
                error = run("ALTER " + statement);
            }
            if (error != null && !error.contains("already exists")) {
                throw new InfluxDBException(create + " failed: " + error);
            }
        }
    }

    private String run(String statement) {
        QueryResult r = writes.query(new Query(statement));
        if (r.getError() != null) return r.getError();
        if (r.getResults() == null) return null;
        return r.getResults().stream().map(QueryResult.Result::getError).filter(e -> e != null).findFirst().orElse(null);
    }

    private static boolean databaseMissing(String message) {
        return message != null && (message.contains("database not found") || message.contains("retention policy not found"));
    }

    @Override
    public boolean ping() {
        try {
            return queries.ping().isGood();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Sets the database up first ({@link #setup}), then writes the batch in ms precision into the raw policy, then
     * recomputes the long policy's means of the buckets whose continuous query may have run already
     * ({@link LongPolicyBackfill}). A failure anywhere throws, and the writer retries the whole batch (both steps are
     * idempotent).
     */
    @Override
    public void write(List<Point> points, LongPolicyBackfill backfill) {
        if (!databaseReady) {
            prepare();
            databaseReady = true;
        }
        try {
            writes.write(BatchPoints.database(database).retentionPolicy(RAW).precision(TimeUnit.MILLISECONDS).points(points).build());
        } catch (InfluxDBException.DatabaseNotFoundException e) {
            databaseReady = false;
            throw e;
        }
        for (String statement : backfill.statements(database, Instant.now())) {
            String error = run(statement);
            if (error != null) throw new InfluxDBException("downsampling into " + LONG + " failed: " + error);
        }
    }

    @Override
    public String describe() {
        return "InfluxDB at " + url + " (database " + database + ")";
    }

    @Override
    public void close() {
        queries.close();
        writes.close();
    }
}
