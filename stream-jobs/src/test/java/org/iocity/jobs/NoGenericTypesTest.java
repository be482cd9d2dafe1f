package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.iocity.jobs.common.SeenSequences;
import org.iocity.jobs.congestion.AreaSegmentResult;
import org.iocity.jobs.congestion.AreaTraffic;
import org.iocity.jobs.congestion.SegmentTraffic;
import org.iocity.jobs.io.LocalDateTypeInfoFactory;
import org.iocity.jobs.signals.IntersectionEvent;
import org.iocity.jobs.signals.SignalTracker;
import org.iocity.model.config.IocConfig;
import org.iocity.model.records.Alert;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.LateEvent;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.records.SignalPerformance;
import org.junit.jupiter.api.Test;

/**
 * No record between operators falls back to Kryo: the job graph builds with {@code pipeline.generic-types: false}, and
 * every record, accumulator and keyed-state type is analysed as a POJO (Flink's serializer for Java records and POJOs).
 */
class NoGenericTypesTest {

    @Test
    void theJobBuildsWithGenericTypesDisabled() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        StreamJobsMain.defineJob(env, IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:9")));
        env.getStreamGraph(); // creates the serializer of every edge: throws on a generic type
    }

    @Test
    void recordsAndAccumulatorsArePojos() {
        LocalDateTypeInfoFactory.register();
        for (Class<?> c : new Class<?>[] {CameraObservation.class, SignalEventBatch.class, IntersectionEvent.class,
                CongestionResult.class, AreaCongestion.class, AreaSegmentResult.class, Alert.class, LateEvent.class,
                DeadLetter.class, org.iocity.model.records.EnvReading.class, org.iocity.model.records.DeviceStatus.class, SignalCycle.class, SignalPerformance.class, SegmentTraffic.class, AreaTraffic.class,
                org.iocity.model.records.ServiceKpi.class, org.iocity.model.records.DailySummary.class, org.iocity.model.records.HeatmapCell.class}) {
            assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(c), c.getSimpleName());
        }
        // keyed state too: the signal tracker and everything in it, with no generic (Kryo) field anywhere
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(SignalTracker.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(SeenSequences.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(org.iocity.jobs.alerts.CameraWatch.class));
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        TypeInformation.of(SignalTracker.class).createSerializer(new ExecutionConfig(conf).getSerializerConfig());
        assertThrows(UnsupportedOperationException.class, () -> TypeInformation.of(Object.class)
                .createSerializer(new ExecutionConfig(conf).getSerializerConfig())); // the check does bite
    }
}
