package org.iocity.parts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * A child process's output (stdout and stderr together) written line by line to its log file through log4j's rolling
 * file appender: when the file reaches {@link Limits#maxBytes()} it becomes {@code <file>.1} (the older ones move up
 * one, {@code <file>.<keep>} is dropped), so a service that runs for weeks keeps at most {@code (keep + 1) × maxBytes}
 * of log. Every service of {@code ./ioc up} and the tests' servers (Kafka, Mosquitto, InfluxDB) log this way.
 */
final class RollingLog {
    /** The size at which a log file rolls over and how many rolled files are kept. */
    record Limits(long maxBytes, int keep) {
        /** 20 MB a file and 5 old files: at most 120 MB per service; {@code ioc.log.max.mb} and {@code ioc.log.keep}. */
        static Limits fromSystem() {
            return new Limits(Long.getLong("ioc.log.max.mb", 20) * 1024 * 1024, Integer.getInteger("ioc.log.keep", 5));
        }

        Limits {
            if (maxBytes < 1024) throw new IllegalArgumentException("a log file must be allowed 1 KiB at least, not " + maxBytes);
            if (keep < 1) throw new IllegalArgumentException("keep at least one rolled log file, not " + keep);
        }
    }

    private RollingLog() {}

    /** Starts a daemon thread that copies {@code output} into {@code file} until the end of the stream. */
    static Thread pump(String name, InputStream output, Path file, Limits limits) {
        RollingFileAppender appender = RollingFileAppender.newBuilder()
                .setName("log-" + name)
                .withFileName(file.toString())
                .withFilePattern(file + ".%i")
                .withAppend(true)
                .setImmediateFlush(true)
                .withPolicy(SizeBasedTriggeringPolicy.createPolicy(Long.toString(limits.maxBytes())))
                .withStrategy(DefaultRolloverStrategy.newBuilder().withMin("1").withMax(Integer.toString(limits.keep())).withFileIndex("min")
                        .withConfig(new DefaultConfiguration()).build())
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n").withCharset(StandardCharsets.UTF_8).build())
                .setConfiguration(new DefaultConfiguration())
                .build();
        appender.start();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    appender.append(Log4jLogEvent.newBuilder().setLoggerName(name).setMessage(new SimpleMessage(line)).build());
                }
            } catch (IOException ended) {
                // the process is gone and its pipe closed under us: nothing more to copy
            } finally {
                appender.stop();
            }
        }, "log-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
