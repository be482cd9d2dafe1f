package org.iocity.jobs.citizen;

import java.time.Duration;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.ServiceKpi;

/** What the daily summary of a day is made of: the day's final KPI records, and congestion results of that day. */
public record SummaryInput(String day, ServiceKpi kpi, CongestionResult congestion) {

    /** Day records of the city, wards and categories (agencies are not in the summary). */
    public static final class OfKpi implements FlatMapFunction<ServiceKpi, SummaryInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(ServiceKpi k, Collector<SummaryInput> out) {
            if (ServiceKpi.DAY.equals(k.kind()) && !CaseSnapshot.Area.AGENCY.equals(k.areaType())) {
                out.collect(new SummaryInput(k.day().toString(), k, null));
            }
        }
    }

    /** Congestion results at level E or F, on the day (city time) of the window's last millisecond. */
    public static final class OfCongestion implements FlatMapFunction<CongestionResult, SummaryInput> {
        private static final long serialVersionUID = 1L;
        private final KpiSettings settings;

        public OfCongestion(KpiSettings settings) {
            this.settings = settings;
        }

        @Override
        public void flatMap(CongestionResult r, Collector<SummaryInput> out) {
            if (r.los() != null && r.los().congested()) {
                out.collect(new SummaryInput(settings.day(r.windowEnd().toEpochMilli() - 1).toString(), null, r));
            }
        }
    }

    /** Hours of congestion one E/F window result stands for: one slide of the congestion windows. */
    static double hoursPerResult(Duration slide) {
        return slide.toMillis() / 3_600_000.0;
    }
}
