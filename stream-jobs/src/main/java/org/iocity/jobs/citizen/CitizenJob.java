package org.iocity.jobs.citizen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.iocity.jobs.io.KafkaConnectors;
import org.iocity.jobs.io.ParseJson;
import org.iocity.model.Alert;
import org.iocity.model.ComplaintEvent;
import org.iocity.model.ConfigException;
import org.iocity.model.CongestionResult;
import org.iocity.model.DailySummary;
import org.iocity.model.DeadLetter;
import org.iocity.model.DossierEvent;
import org.iocity.model.HeatmapCell;
import org.iocity.model.IocConfig;
import org.iocity.model.LateEvent;
import org.iocity.model.ServiceKpi;
import org.iocity.model.Topics;
import org.iocity.model.WorkingCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The citizen analytics wired to Kafka: {@code ioc.complaints} and {@code ioc.dossiers} in, results out exactly once. */
public final class CitizenJob {
    private static final Logger LOG = LoggerFactory.getLogger(CitizenJob.class);

    private CitizenJob() {}

    /** Adds the citizen pipelines to {@code env}; {@code congestion} gives the daily summaries their congestion hours. */
    public static void define(StreamExecutionEnvironment env, IocConfig config, DataStream<CongestionResult> congestion,
                              Duration congestionSlide, String group, String txPrefix) {
        Duration outOfOrderness = config.duration("watermark.out.of.orderness", Duration.ofSeconds(10));
        Duration idleness = config.duration("watermark.idleness", Duration.ofSeconds(30));
        SingleOutputStreamOperator<ComplaintEvent> complaints = env
                .fromSource(KafkaConnectors.source(config, Topics.COMPLAINTS, group), WatermarkStrategy.noWatermarks(),
                        "complaints")
                .uid("complaints-source")
                .process(new ParseJson<>(ComplaintEvent.class, Topics.COMPLAINTS))
                .name("read-complaints").uid("read-complaints");
        SingleOutputStreamOperator<DossierEvent> dossiers = env
                .fromSource(KafkaConnectors.source(config, Topics.DOSSIERS, group), WatermarkStrategy.noWatermarks(),
                        "dossiers")
                .uid("dossiers-source")
                .process(new ParseJson<>(DossierEvent.class, Topics.DOSSIERS))
                .name("read-dossiers").uid("read-dossiers");
        CitizenPipeline.Outputs out = CitizenPipeline.defineWorkflow(
                complaints, CitizenPipeline.complaintWatermarks(outOfOrderness, idleness),
                dossiers, CitizenPipeline.dossierWatermarks(outOfOrderness, idleness),
                congestion, settings(config, congestionSlide));

        out.heatmap()
                .sinkTo(KafkaConnectors.<HeatmapCell>exactlyOnceSink(config, Topics.COMPLAINT_HEATMAP, HeatmapCell::key,
                        txPrefix + "-heatmap"))
                .name("heatmap-to-kafka").uid("heatmap-sink");
        out.kpis()
                .sinkTo(KafkaConnectors.<ServiceKpi>exactlyOnceSink(config, Topics.KPI, ServiceKpi::key, txPrefix + "-kpi"))
                .name("kpi-to-kafka").uid("kpi-sink");
        out.summaries()
                .sinkTo(KafkaConnectors.<DailySummary>exactlyOnceSink(config, Topics.KPI, DailySummary::key,
                        txPrefix + "-daily-summary"))
                .name("daily-summary-to-kafka").uid("daily-summary-sink");
        out.alerts()
                .sinkTo(KafkaConnectors.<Alert>exactlyOnceSink(config, Topics.ALERTS, Alert::key, txPrefix + "-hotspot-alerts"))
                .name("hotspot-alerts-to-kafka").uid("hotspot-alerts-sink");
        out.late()
                .sinkTo(KafkaConnectors.<LateEvent>exactlyOnceSink(config, Topics.LATE_EVENTS, LateEvent::key,
                        txPrefix + "-citizen-late"))
                .name("citizen-late-events-to-kafka").uid("citizen-late-events-sink");
        complaints.getSideOutput(ParseJson.DEAD_LETTERS).union(dossiers.getSideOutput(ParseJson.DEAD_LETTERS))
                .sinkTo(KafkaConnectors.<DeadLetter>exactlyOnceSink(config, Topics.DEADLETTER, DeadLetter::topic,
                        txPrefix + "-citizen-deadletter"))
                .name("unreadable-citizen-events-to-deadletter").uid("citizen-deadletter-sink");
    }

    /** The settings from configuration; the holidays file ({@code calendar.holidays.file}) is read now. */
    public static CitizenPipeline.Settings settings(IocConfig config, Duration congestionSlide) {
        HeatmapSettings h = HeatmapSettings.DEFAULT;
        HotSpotRule r = HotSpotRule.DEFAULT;
        HotSpotRule rule = new HotSpotRule(
                config.integer("heatmap.hotspot.min.count", r.minCount(), 1, 1_000_000),
                config.decimal("heatmap.hotspot.p.value", r.pValue(), 1e-12, 0.5),
                config.integer("heatmap.hotspot.baseline.windows", r.baselineWindows(), 1, 24 * 7),
                config.decimal("heatmap.hotspot.min.baseline", r.minBaseline(), 0.01, 1e6));
        HeatmapSettings heatmap = new HeatmapSettings(resolutions(config),
                config.duration("heatmap.allowed.lateness", h.allowedLateness()), rule,
                config.integer("heatmap.hotspot.resolution", h.alertResolution(), 0, 15),
                config.duration("heatmap.state.ttl", h.stateTtl()));
        KpiSettings d = KpiSettings.defaults(calendar(config));
        KpiSettings kpi = new KpiSettings(d.calendar(),
                config.integer("kpi.default.due.working.days", d.defaultDueWorkingDays(), 0, 365),
                config.duration("kpi.allowed.lateness", d.allowedLateness()),
                config.duration("kpi.revision.window", d.revisionWindow()),
                config.duration("kpi.live.interval", d.liveInterval()),
                config.duration("kpi.case.ttl", d.caseTtl()));
        if (kpi.revisionWindow().compareTo(kpi.allowedLateness()) <= 0) {
            throw new ConfigException("kpi.revision.window (" + kpi.revisionWindow() + ") must be longer than "
                    + "kpi.allowed.lateness (" + kpi.allowedLateness() + ")");
        }
        return new CitizenPipeline.Settings(heatmap, kpi, congestionSlide);
    }

    static List<Integer> resolutions(IocConfig config) {
        String raw = config.string("heatmap.h3.resolutions", "7,8,9");
        try {
            List<Integer> out = Arrays.stream(raw.split(",")).map(String::strip).map(Integer::parseInt).toList();
            if (out.isEmpty() || out.stream().anyMatch(r -> r < 0 || r > 15)) throw new NumberFormatException();
            return out;
        } catch (NumberFormatException e) {
            throw new ConfigException("heatmap.h3.resolutions must be a comma-separated list of 0..15, not " + raw);
        }
    }

    static WorkingCalendar calendar(IocConfig config) {
        if (!config.has("calendar.holidays.file")) {
            LOG.warn("no calendar.holidays.file set: due times count Monday to Friday without public holidays");
            return WorkingCalendar.weekdaysOnly();
        }
        return WorkingCalendar.load(Path.of(config.string("calendar.holidays.file")));
    }
}
