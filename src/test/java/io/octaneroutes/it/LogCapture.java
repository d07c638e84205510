package io.octaneroutes.it;

import java.io.StringWriter;
import java.util.Arrays;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Every log line of this JVM at WARN and above, kept in memory, for tests that count or scan them. */
public final class LogCapture implements AutoCloseable {
    private final String name;
    private final StringWriter out = new StringWriter();

    private LogCapture(String name) {
        this.name = name;
    }

    public static LogCapture warnings(String name) {
        LogCapture capture = new LogCapture(name);
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        WriterAppender appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%p %c{1} %m%n").build(), null,
                capture.out, name, false, true);
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.WARN, null);
        config.getLoggers().values().forEach(l -> l.addAppender(appender, Level.WARN, null));
        ctx.updateLoggers();
        return capture;
    }

    public synchronized String text() {
        return out.toString();
    }

    /** Lines containing every one of the fragments. */
    public long lines(String... fragments) {
        return text().lines().filter(l -> Arrays.stream(fragments).allMatch(l::contains)).count();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(name);
        config.getLoggers().values().forEach(l -> l.removeAppender(name));
        ctx.updateLoggers();
    }
}
