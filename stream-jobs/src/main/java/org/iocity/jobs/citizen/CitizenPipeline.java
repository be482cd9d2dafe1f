package org.iocity.jobs.citizen;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.iocity.jobs.common.LateEvents;
import org.iocity.model.records.Alert;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.DossierEvent;
import org.iocity.model.records.HeatmapCell;
import org.iocity.model.records.LateEvent;
import org.iocity.model.records.ServiceKpi;

/**
 * Citizen-service analytics, in event time: the complaint heatmap with hot spots ({@link HeatmapFunction}), the service
 * KPIs per ward, agency, category and city ({@link CaseTracker} → {@link AreaKpiFunction}) and the leaders' daily
 * summary ({@link DailySummaryFunction}, with congestion hours from the congestion results). Late events of each part
 * become {@link LateEvent}s.
 */
public final class CitizenPipeline {
    public static final String HEATMAP = "complaint-heatmap";
    public static final String KPI = "service-kpi";
    public static final String SUMMARY = "daily-summary";

    /** Everything the citizen analytics need to know. */
    public record Settings(HeatmapSettings heatmap, KpiSettings kpi, Duration congestionSlide)
            implements java.io.Serializable {}

    public record Outputs(DataStream<HeatmapCell> heatmap, DataStream<ServiceKpi> kpis, DataStream<DailySummary> summaries,
                          DataStream<Alert> alerts, DataStream<LateEvent> late) {}

    private CitizenPipeline() {}

    public static WatermarkStrategy<ComplaintEvent> complaintWatermarks(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<ComplaintEvent>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((e, previous) -> e.eventTime().toEpochMilli())
                .withIdleness(idleness);
    }

    public static WatermarkStrategy<DossierEvent> dossierWatermarks(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<DossierEvent>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((e, previous) -> e.eventTime().toEpochMilli())
                .withIdleness(idleness);
    }

    public static Outputs defineWorkflow(DataStream<ComplaintEvent> complaints, WatermarkStrategy<ComplaintEvent> cw,
                                         DataStream<DossierEvent> dossiers, WatermarkStrategy<DossierEvent> dw,
                                         DataStream<CongestionResult> congestion, Settings settings) {
        SingleOutputStreamOperator<ComplaintEvent> timedComplaints = complaints
                .assignTimestampsAndWatermarks(cw).name("complaints-event-time").uid("complaints-watermarks")
                .setParallelism(complaints.getParallelism());
        SingleOutputStreamOperator<DossierEvent> timedDossiers = dossiers
                .assignTimestampsAndWatermarks(dw).name("dossiers-event-time").uid("dossiers-watermarks")
                .setParallelism(dossiers.getParallelism());

        SingleOutputStreamOperator<HeatmapCell> heatmap = timedComplaints
                .flatMap(new ToHeatmapEntries(settings.heatmap().resolutions()))
                .name("complaints-to-heatmap-areas").uid("complaints-to-heatmap-areas")
                .setParallelism(timedComplaints.getParallelism())
                .keyBy(HeatmapEntry::key)
                .process(new HeatmapFunction(settings.heatmap()))
                .name("complaint-heatmap-per-area").uid("complaint-heatmap");

        SingleOutputStreamOperator<CaseChange> changes = timedComplaints
                .map(CaseEvent::of).name("complaints-to-cases").uid("complaints-to-cases")
                .setParallelism(timedComplaints.getParallelism())
                .union(timedDossiers.map(CaseEvent::of).name("dossiers-to-cases").uid("dossiers-to-cases")
                        .setParallelism(timedDossiers.getParallelism()))
                .keyBy(CaseEvent::key)
                .process(new CaseTracker(settings.kpi()))
                .name("service-cases").uid("service-cases");
        SingleOutputStreamOperator<ServiceKpi> kpis = changes
                .keyBy(CaseChange::area)
                .process(new AreaKpiFunction(settings.kpi()))
                .name("service-kpi-per-area").uid("service-kpi");

        SingleOutputStreamOperator<DailySummary> summaries = kpis
                .flatMap(new SummaryInput.OfKpi()).name("kpi-days-to-summary").uid("kpi-days-to-summary")
                .union(congestion.flatMap(new SummaryInput.OfCongestion(settings.kpi()))
                        .name("congestion-to-summary").uid("congestion-to-summary"))
                .keyBy(SummaryInput::day)
                .process(new DailySummaryFunction(settings.kpi(), settings.congestionSlide()))
                .name("daily-summary-per-day").uid("daily-summary");

        DataStream<LateEvent> late = heatmap.getSideOutput(HeatmapFunction.LATE)
                .process(new LateEvents<HeatmapEntry>(HEATMAP, HeatmapEntry::key, e -> Instant.ofEpochMilli(e.time())))
                .name("heatmap-late-events").uid("heatmap-late-events")
                .union(changes.getSideOutput(CaseTracker.LATE)
                        .process(new LateEvents<CaseEvent>(KPI, CaseEvent::key, CaseEvent::eventTime))
                        .name("kpi-late-events").uid("kpi-late-events"))
                .union(summaries.getSideOutput(DailySummaryFunction.LATE)
                        .process(new LateEvents<SummaryInput>(SUMMARY, SummaryInput::day, CitizenPipeline::timeOf))
                        .name("summary-late-events").uid("summary-late-events"));
        return new Outputs(heatmap, kpis, summaries, heatmap.getSideOutput(HeatmapFunction.ALERTS), late);
    }

    private static Instant timeOf(SummaryInput in) {
        return in.kpi() != null ? in.kpi().asOf() : in.congestion().windowEnd();
    }
}
