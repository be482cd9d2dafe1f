package org.iocity.jobs.citizen;

import static org.iocity.jobs.citizen.CaseSnapshotTest.complaint;
import static org.iocity.jobs.citizen.CaseSnapshotTest.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** One case: changes per area, a repeated event ignored, the state dropped after the revision window, late events aside. */
class CaseTrackerTest {
    static void push(KeyedOneInputStreamOperatorTestHarness<String, CaseEvent, CaseChange> h, CaseEvent e) throws Exception {
        h.processElement(new StreamRecord<>(e, e.time()));
        h.processWatermark(e.time());
    }

    @Test
    void changesGoToEveryAreaAndTheCaseIsForgottenAfterTheRevisionWindow() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new CaseTracker(AreaKpiFunctionTest.SETTINGS)), CaseEvent::key, Types.STRING)) {
            h.open();
            CaseEvent received = complaint("a", "e1", CaseEvent.RECEIVED, "2026-11-23T03:00:00Z", "2026-11-24T03:00:00Z");
            push(h, received);
            push(h, received);   // delivered twice: changes nothing
            List<CaseChange> out = h.extractOutputValues();
            assertEquals(List.of("city:city", "ward:ward-1", "category:environment",
                    "ward-category:ward-1/environment"), out.stream().map(CaseChange::area).toList());
            assertNull(out.get(0).before());
            push(h, complaint("a", "e2", CaseEvent.RESOLVED, "2026-11-24T03:00:00Z", null));
            out = h.extractOutputValues();
            assertEquals(9, out.size());   // 4 areas, then 5 (the agency joins)
            CaseChange agency = out.stream().filter(c -> c.area().equals("agency:agency-1")).findFirst().orElseThrow();
            assertNull(agency.before());                       // the agency sees the case for the first time
            assertEquals(ms("2026-11-24T03:00:00Z"), agency.after().resolved());
            assertEquals(1, h.numEventTimeTimers());

            h.processWatermark(ms("2026-11-26T17:00:00Z"));   // end of the 24th (17:00Z) + 2 days
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            push(h, complaint("b", "e3", CaseEvent.RECEIVED, "2026-11-24T16:59:59Z", null));   // the 24th is forgotten
            assertEquals(9, h.extractOutputValues().size());
            assertEquals(1, h.getSideOutput(CaseTracker.LATE).size());
        }
    }
}
