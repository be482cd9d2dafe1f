package org.iocity.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.iocity.api.TestData;
import org.iocity.api.live.LiveProtocol;
import org.iocity.model.records.Alert;
import org.iocity.model.records.ServiceKpi;
import org.junit.jupiter.api.Test;

/** Pairing, revisions, order and bounds of the live state of the result topics. */
class ResultStateTest {
    private static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-22");
    private final ResultState state = new ResultState();

    private static Alert raised(String entity) {
        return Alert.raised(Alert.CONGESTION, entity, "sai-gon", Alert.CRITICAL, T, T.plusSeconds(600), "at F");
    }

    private static Alert cleared(String entity) {
        return Alert.cleared(Alert.CONGESTION, entity, "sai-gon", Alert.CRITICAL, T, T.plusSeconds(900), "back to C");
    }

    @Test
    void aRaiseAndItsClearArePairedAndAReplayedRaiseDoesNotReopen() {
        assertEquals(LiveProtocol.ALERTS, state.apply(raised("s1")).get(0).channel());
        assertEquals(1, state.alerts(true).size());
        state.apply(cleared("s1"));
        ResultState.AlertView v = state.alerts(null).get(0);
        assertEquals("cleared", v.status());
        assertEquals(T.plusSeconds(600), v.raisedAt());
        assertEquals(T.plusSeconds(900), v.clearedAt());
        assertEquals(List.of(), state.apply(raised("s1")), "a raise replayed after its clear changes nothing");
        assertEquals(0, state.alerts(true).size());
        assertEquals(List.of(), state.apply(cleared("s1")), "the same clear twice changes nothing");
    }

    @Test
    void anAckReadBeforeItsAlertIsKeptAndTheFirstAckStands() {
        Alert a = raised("s2");
        assertEquals(List.of(), state.apply(new AlertAck(AlertAck.ACTION, a.id(), T, "desk 1", "operator", null)));
        state.apply(a);
        assertEquals("desk 1", state.alert(a.id()).orElseThrow().ack().by());
        assertEquals(List.of(), state.apply(new AlertAck(AlertAck.ACTION, a.id(), T.plusSeconds(5), "eng 7", "engineer", null)));
        assertEquals("desk 1", state.alert(a.id()).orElseThrow().ack().by());
        state.apply(cleared("s2"));
        assertEquals("desk 1", state.alert(a.id()).orElseThrow().ack().by(), "the clear keeps the acknowledgement");
    }

    @Test
    void clearedAlertsAreBounded() {
        for (int i = 0; i < ResultState.CLEARED_ALERTS_KEPT + 10; i++) {
            state.apply(raised("s" + i));
            state.apply(cleared("s" + i));
        }
        state.apply(raised("open"));
        assertEquals(ResultState.CLEARED_ALERTS_KEPT, state.alerts(false).size());
        assertEquals(1, state.alerts(true).size());
        assertTrue(state.alert(raised("s0").id()).isEmpty(), "the oldest cleared alert went first");
    }

    @Test
    void aDayKeepsItsLatestRevisionWhateverTheOrder() {
        state.apply(TestData.kpi(ServiceKpi.DAY, "city", "city", DAY, 1, 101));
        assertEquals(List.of(), state.apply(TestData.kpi(ServiceKpi.DAY, "city", "city", DAY, 0, 100)));
        state.apply(TestData.summary("city", "city", DAY, 2, 102));
        state.apply(TestData.summary("city", "city", DAY, 1, 101));
        state.apply(TestData.summary("ward", "ben-thanh", DAY, 0, 5));
        assertEquals(101, state.kpis(DAY, "city").get(0).complaintsReceived());
        assertEquals(List.of(), state.kpis(null, null), "no live KPI yet");
        List<ResultState.Push> p = state.apply(TestData.kpi(ServiceKpi.LIVE, "ward", "ben-thanh", null, 0, 3));
        assertEquals(LiveProtocol.KPI, p.get(0).channel());
        assertEquals(1, state.kpis(null, null).size());
        var summaries = state.summaries(DAY);
        assertEquals(List.of("city", "ben-thanh"), summaries.stream().map(s -> s.area()).toList());
        assertEquals(2, summaries.get(0).revision());
        assertEquals(List.of(), state.summaries(DAY.minusDays(1)));
    }

    @Test
    void heatmapCellsKeepTheirLatestWindowAndFilter() {
        state.apply(TestData.cell("h3", "88658b4a1bfffff", 8, 7, T.plusSeconds(60)));
        assertEquals(List.of(), state.apply(TestData.cell("h3", "88658b4a1bfffff", 8, 3, T)));
        state.apply(TestData.cell("ward", "sai-gon", null, 2, T));
        assertEquals(7, state.heatmap("24h", "h3", 8, "all").get(0).count());
        assertEquals(List.of(), state.heatmap("24h", "h3", 9, "all"));
        assertEquals(1, state.heatmap("24h", "ward", null, "all").size());
    }

    @Test
    void binsAndCyclesPerIntersectionByTimeAndBounded() {
        String x = "x-le-loi-nguyen-hue";
        for (int i = 0; i < 8; i++) state.apply(TestData.bin(x, T.plusSeconds(900L * i), 1, false, 10, 5, 0));
        assertEquals("intersection:" + x, state.apply(TestData.bin(x, T, 2, false, 10, 6, 0)).get(0).channel());
        assertEquals(8, state.bins(x, T, T.plusSeconds(7200)).size(), "the same bin again replaces it");
        assertEquals(2, state.bins(x, T, T.plusSeconds(7200)).get(0).pattern());
        assertEquals(2, state.bins(x, T.plusSeconds(900), T.plusSeconds(2700)).size());
        for (int i = 0; i < ResultState.CYCLES_PER_INTERSECTION + 5; i++) state.apply(TestData.cycle(x, T.plusSeconds(90L * i)));
        assertEquals(List.of(), state.apply(TestData.cycle(x, T.plusSeconds(90L * 10))));
        assertEquals(3, state.cycles(x, T, Instant.MAX, 3).size());
        assertEquals(ResultState.CYCLES_PER_INTERSECTION, state.cycles(x, Instant.MIN, Instant.MAX, 10_000).size());
        assertEquals(List.of(), state.bins("elsewhere", Instant.MIN, Instant.MAX));
    }

    @Test
    void anAreasProvisionalWindowGivesWayToItsFinalOneAndNotTheOtherWayRound() {
        assertEquals(1, state.apply(new Provisional(TestData.area("sai-gon", "ward", T, 0.4))).size());
        assertEquals(List.of(new ResultState.AreaView(TestData.area("sai-gon", "ward", T, 0.4), true)), state.areas("sai-gon"));
        List<ResultState.Push> last = state.apply(TestData.area("sai-gon", "ward", T, 0.5));
        assertEquals(new ResultState.AreaView(TestData.area("sai-gon", "ward", T, 0.5), false), last.get(0).data());
        assertEquals(List.of(), state.apply(new Provisional(TestData.area("sai-gon", "ward", T, 0.9))), "after its final");
        assertEquals(List.of(), state.apply(TestData.area("sai-gon", "ward", T.minusSeconds(30), 0.1)), "an older window");
        assertEquals(1, state.apply(new Provisional(TestData.area("sai-gon", "ward", T.plusSeconds(30), 0.6))).size());
        assertTrue(state.areas(null).get(0).provisional());
    }

    @Test
    void aDeviceKeepsItsNewestStatus() {
        state.apply(TestData.status("cam-0001", "camera", "offline", T.plusSeconds(10)));
        assertEquals(List.of(), state.apply(TestData.status("cam-0001", "camera", "online", T)));
        assertEquals("offline", state.device("cam-0001").orElseThrow().state());
        assertNull(state.device("cam-0002").orElse(null));
    }
}
