package org.iocity.jobs.io;

import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.LocalTimeTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * Flink's own {@code LocalDate} type for fields of records ({@code ServiceKpi.day}, {@code DailySummary.day}), which
 * the type extractor would otherwise hand to Kryo. The job ({@code StreamJobsMain.defineJob}) registers it in the JVM that builds
 * the job graph; on a cluster, also set {@code pipeline.serialization-config:
 * [java.time.LocalDate: {type: typeinfo, class: org.iocity.jobs.io.LocalDateTypeInfoFactory}]} so that state types built
 * on the task managers use it too.
 */
public final class LocalDateTypeInfoFactory extends TypeInfoFactory<LocalDate> {
    /** Registers this factory for {@code LocalDate} once per JVM (Flink's registry is static). */
    public static synchronized void register() {
        if (TypeExtractor.getTypeInfoFactory(LocalDate.class) == null) {
            TypeExtractor.registerFactory(LocalDate.class, LocalDateTypeInfoFactory.class);
        }
    }

    @Override
    public TypeInformation<LocalDate> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return LocalTimeTypeInfo.LOCAL_DATE;
    }
}
