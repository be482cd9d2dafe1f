package org.iocity.api.history;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;
import org.iocity.api.state.ResultRecords;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.SignalPerformance;

/**
 * Result records as InfluxDB points, one measurement per kind ({@link HistoryMeasure}): tags are the entity ids,
 * fields the numbers, the time the record's event time (window end, bin end, {@code asOf}) in ms, so writing a record
 * again overwrites its point. Records kept out of history (cycles, day KPIs, daily summaries) give no point.
 */
final class HistoryPoints {
    private HistoryPoints() {}

    /**
     * The points of one record, or the one-line reason it is unusable (exactly one of them is set); the points' measure
     * and time when there are points (all points of a record share them).
     */
    record Mapped(List<Point> points, String error, HistoryMeasure measure, Instant time) {
        static Mapped none() {
            return new Mapped(List.of(), null, null, null);
        }

        static Mapped failed(String error) {
            return new Mapped(null, error, null, null);
        }
    }

    static Mapped map(String topic, byte[] value) {
        ResultRecords.Parsed p = ResultRecords.parse(topic, value);
        if (p.result() == null) return Mapped.failed(p.error());
        Object r = p.result();
        if (r instanceof org.iocity.model.records.CongestionResult c) {
            return new Mapped(List.of(CongestionPoints.toPoint(c)), null, HistoryMeasure.CONGESTION, c.windowEnd());
        }
        if (r instanceof AreaCongestion a) return new Mapped(List.of(area(a)), null, HistoryMeasure.AREA_CONGESTION, a.windowEnd());
        if (r instanceof SignalPerformance b) return new Mapped(signal(b), null, HistoryMeasure.SIGNAL_PERFORMANCE, b.binEnd());
        if (r instanceof ServiceKpi k && ServiceKpi.LIVE.equals(k.kind()) && k.asOf() != null) {
            return new Mapped(List.of(kpi(k)), null, HistoryMeasure.KPI, k.asOf());
        }
        return Mapped.none();
    }

    static Point area(AreaCongestion a) {
        Point.Builder b = builder(HistoryMeasure.AREA_CONGESTION, a.windowEnd()).tag("area", a.area())
                .tag("areaType", a.areaType())
                .addField("segments", a.segments())
                .addField("congestedSegments", a.congestedSegments())
                .addField("vehicles", a.vehicles());
        field(b, "congestionIndex", a.congestionIndex());
        field(b, "congestedShare", a.congestedShare());
        field(b, "meanSpeedRatio", a.meanSpeedRatio());
        return b.build();
    }

    /** One point per phase of the bin, tagged with the phase number. */
    static List<Point> signal(SignalPerformance s) {
        if (s.phases() == null) return List.of();
        return s.phases().stream().map(ph -> {
            Point.Builder b = builder(HistoryMeasure.SIGNAL_PERFORMANCE, s.binEnd()).tag("intersection", s.intersectionId())
                    .tag("phase", Integer.toString(ph.phase()))
                    .addField("cycles", ph.cycles())
                    .addField("arrivals", ph.arrivals())
                    .addField("arrivalsOnGreen", ph.arrivalsOnGreen())
                    .addField("splitFailures", ph.splitFailures())
                    .addField("gapOuts", ph.gapOuts())
                    .addField("maxOuts", ph.maxOuts())
                    .addField("forceOffs", ph.forceOffs())
                    .addField("skips", ph.skips());
            if (s.ward() != null && !s.ward().isEmpty()) b.tag("ward", s.ward());
            field(b, "percentArrivalsOnGreen", ph.percentArrivalsOnGreen());
            field(b, "platoonRatio", ph.platoonRatio());
            field(b, "meanPedDelayS", ph.meanPedDelayS());
            field(b, "maxPedDelayS", ph.maxPedDelayS());
            return b.build();
        }).toList();
    }

    static Point kpi(ServiceKpi k) {
        Point.Builder b = builder(HistoryMeasure.KPI, k.asOf()).tag("area", k.area()).tag("areaType", k.areaType())
                .addField("complaintsReceived", k.complaintsReceived())
                .addField("complaintsResolved", k.complaintsResolved())
                .addField("complaintsOpen", k.complaintsOpen())
                .addField("complaintsOverdue", k.complaintsOverdue())
                .addField("dossiersOverdue", k.dossiersOverdue());
        if (k.onTimeRate() != null) field(b, "onTimeRate", k.onTimeRate());
        if (k.medianResolveHours() != null) field(b, "medianResolveHours", k.medianResolveHours());
        return b.build();
    }

    private static Point.Builder builder(HistoryMeasure m, Instant time) {
        return Point.measurement(m.measurement).time(time.toEpochMilli(), TimeUnit.MILLISECONDS);
    }

    /** InfluxDB rejects NaN and infinities (and the whole batch with them): such a field is left out. */
    static void field(Point.Builder b, String name, double value) {
        if (Double.isFinite(value)) b.addField(name, value);
    }
}
