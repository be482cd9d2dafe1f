package org.iocity.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.iocity.jobs.alerts.AlertsPipeline;
import org.iocity.jobs.alerts.FloodAlerts;
import org.iocity.jobs.citizen.CitizenPipeline;
import org.iocity.jobs.citizen.HeatmapSettings;
import org.iocity.jobs.citizen.HotSpotRule;
import org.iocity.jobs.citizen.KpiSettings;
import org.iocity.jobs.common.StateTtl;
import org.iocity.jobs.congestion.CongestionPipeline;
import org.iocity.jobs.signals.SignalConfig;
import org.iocity.jobs.signals.SignalPerformancePipeline;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.registry.Registry;
import org.iocity.model.registry.WorkingCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every setting of the analytics job, read from {@link IocConfig} and checked here, once: a bad value stops the start
 * with one line naming its key ({@link ConfigException}). The files the settings name (the registry with the signal
 * detectors, the public holidays) are read now too. Everything else in the job takes these typed settings.
 */
public record JobSettings(Flink flink, Kafka kafka, Watermarks watermarks, Duration stateTtl, Congestion congestion,
                          Alerts alerts, Signals signals, CitizenPipeline.Settings citizen) {
    private static final Logger LOG = LoggerFactory.getLogger(JobSettings.class);

    /**
     * The Flink side: the local MiniCluster's web UI and checkpoint folder (used only when the job is not submitted to
     * a cluster); the job's parallelism on every runtime (unless {@code flink run -p} gives one), checkpoint interval,
     * what becomes of its checkpoints when it is cancelled ({@code flink.checkpoint.retention}, default
     * {@code RETAIN_ON_CANCELLATION}: an upgrade or a JobManager restart resumes from the latest), network buffer
     * timeout and object reuse.
     */
    public record Flink(String uiHost, int uiPort, String checkpointDirUri, int parallelism, Duration checkpointInterval,
                        ExternalizedCheckpointRetention checkpointRetention, Duration bufferTimeout,
                        boolean objectReuse) {}

    /** {@code flink.checkpoint.retention}: a name of {@link ExternalizedCheckpointRetention}, any case. */
    static ExternalizedCheckpointRetention checkpointRetention(IocConfig config) {
        String v = config.string("flink.checkpoint.retention", ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION.name());
        try {
            return ExternalizedCheckpointRetention.valueOf(v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad setting flink.checkpoint.retention=" + v + " (or "
                    + IocConfig.envName("flink.checkpoint.retention") + "): expected one of "
                    + Arrays.toString(ExternalizedCheckpointRetention.values()));
        }
    }

    /**
     * Kafka: the client settings (bootstrap servers, security, {@code kafka.producer.*}), passed through to the
     * connectors as they are; the consumer group of the sources; the prefix of every sink's transactional id.
     */
    public record Kafka(IocConfig clients, String groupId, String transactionalIdPrefix) {}

    /** The bounded out-of-orderness of every event-time input, and how long a silent input split holds none back. */
    public record Watermarks(Duration outOfOrderness, Duration idleness) {}

    /** The congestion windows, and how long the early results of a live window wait for stragglers. */
    public record Congestion(CongestionPipeline.Windows windows, Duration liveDelay) {}

    /** The windowed alerts, the flood thresholds, and the per-event alerts' network buffer timeout. */
    public record Alerts(AlertsPipeline.Settings windowed, FloodAlerts.Thresholds flood, Duration perEventBufferTimeout) {}

    /** The detectors of every intersection (from the registry) and the signal performance bins. */
    public record Signals(SignalConfig detectors, SignalPerformancePipeline.Settings settings) {}

    /** The settings in {@code config}, each key's default where it is not set; throws on the first bad value. */
    public static JobSettings from(IocConfig config) {
        Flink flink = new Flink(config.string("flink.ui.host", "127.0.0.1"), config.port("flink.ui.port", 8081),
                Path.of(config.string("flink.checkpoint.dir", System.getProperty("java.io.tmpdir") + "/ioc-checkpoints"))
                        .toAbsolutePath().toUri().toString(),
                config.integer("flink.parallelism", 2, 1, 64),
                config.duration("flink.checkpoint.interval", Duration.ofSeconds(5)),
                checkpointRetention(config),
                config.duration("flink.buffer.timeout", Duration.ofMillis(100)),
                config.bool("flink.object.reuse", false));
        Watermarks watermarks = new Watermarks(config.duration("watermark.out.of.orderness", Duration.ofSeconds(10)),
                config.duration("watermark.idleness", Duration.ofSeconds(30)));
        Kafka kafka = new Kafka(config, config.string("flink.group.id", "ioc-stream-jobs"),
                config.string("flink.transactional.id.prefix", "ioc-analytics"));
        Duration stateTtl = config.duration("state.ttl", StateTtl.DEFAULT);
        CongestionPipeline.Windows windows = new CongestionPipeline.Windows(
                config.duration("congestion.window", CongestionPipeline.Windows.DEFAULT.size()),
                config.duration("congestion.slide", CongestionPipeline.Windows.DEFAULT.slide()));
        Congestion congestion = new Congestion(windows,
                config.duration("congestion.live.delay", CongestionPipeline.LIVE_DELAY));
        Alerts alerts = new Alerts(new AlertsPipeline.Settings(
                config.duration("alerts.congestion.after", AlertsPipeline.Settings.DEFAULT.congestionAfter()),
                config.duration("alerts.device.silent.after", AlertsPipeline.Settings.DEFAULT.silentAfter()), stateTtl),
                floodThresholds(config),
                config.duration("alerts.per.event.buffer.timeout", AlertsPipeline.PER_EVENT_BUFFER_TIMEOUT));
        Signals signals = new Signals(signalConfig(config), new SignalPerformancePipeline.Settings(
                config.duration("signal.bin", SignalPerformancePipeline.Settings.DEFAULT.bin()), stateTtl));
        return new JobSettings(flink, kafka, watermarks, stateTtl, congestion, alerts, signals,
                citizen(config, windows.slide()));
    }

    /** {@code alerts.flood.warn.cm} (10), {@code alerts.flood.critical.cm} (30), {@code alerts.flood.clear.cm} (8). */
    static FloodAlerts.Thresholds floodThresholds(IocConfig config) {
        FloodAlerts.Thresholds d = FloodAlerts.Thresholds.DEFAULT;
        double warn = config.decimal("alerts.flood.warn.cm", d.warnAboveCm(), -1000, 1000);
        double critical = config.decimal("alerts.flood.critical.cm", d.criticalAboveCm(), -1000, 1000);
        double clear = config.decimal("alerts.flood.clear.cm", d.clearAtCm(), -1000, 1000);
        try {
            return new FloodAlerts.Thresholds(warn, critical, clear);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + " (alerts.flood.clear.cm < alerts.flood.warn.cm < alerts.flood.critical.cm)");
        }
    }

    /**
     * The detector configuration of every intersection, from the registry file ({@code registry.file}) read now, at
     * job build time; without that setting, no intersection is configured (detectors then count actuations only).
     */
    static SignalConfig signalConfig(IocConfig config) {
        if (!config.has("registry.file")) {
            LOG.warn("no registry.file set: signal performance runs without detector configuration");
            return new SignalConfig(Map.of());
        }
        return SignalConfig.fromRegistry(Registry.load(Path.of(config.string("registry.file"))));
    }

    /** The citizen pipelines' settings; the holidays file ({@code calendar.holidays.file}) is read now. */
    static CitizenPipeline.Settings citizen(IocConfig config, Duration congestionSlide) {
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
                config.duration("kpi.case.ttl", d.caseTtl()),
                liveRefresh(config));
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
        WorkingCalendar calendar = WorkingCalendar.load(Path.of(config.string("calendar.holidays.file")));
        calendar.coverageWarning(java.time.LocalDate.now(calendar.zone()))
                .ifPresent(w -> LOG.warn("{} (setting calendar.holidays.file)", w));
        return calendar;
    }

    /** {@code kpi.live.refresh}: how often each area's live KPI record is issued again on processing time (> 0). */
    private static Duration liveRefresh(IocConfig config) {
        Duration r = config.duration("kpi.live.refresh", KpiSettings.DEFAULT_LIVE_REFRESH);
        if (r.isZero()) throw new ConfigException("kpi.live.refresh must be longer than 0 (default 30s)");
        return r;
    }
}
