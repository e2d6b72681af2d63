package io.taskcast.kafka.launcher;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import java.util.Locale;
import java.util.Map;

/**
 * The console log format: {@code text} (default) or {@code json}, one ECS JSON object per line.
 * logback.xml picks its appender from the system property {@code taskcast.log.format}; this class
 * sets that property from {@code TASKCAST_LOG_FORMAT} before the first line is logged, and from
 * Spring's configuration (e.g. {@code application.properties}) before Spring reloads logback.xml.
 */
final class LogFormat {

    static final String PROPERTY = "taskcast.log.format";
    static final String VARIABLE = "TASKCAST_LOG_FORMAT";

    private LogFormat() {
    }

    /** Call first in main: a system property (flag-like) wins over the environment variable. */
    static void selectAtStartup(Map<String, String> environment) {
        String chosen = System.getProperty(PROPERTY);
        if (chosen == null || chosen.isBlank()) {
            chosen = environment.get(VARIABLE);
        }
        if (chosen != null && !chosen.isBlank()) {
            System.setProperty(PROPERTY, parse(chosen));
        }
    }

    static String parse(String value) {
        String format = value.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new StartupFailure(PROPERTY + " (" + VARIABLE + ") must be text or json, not '" + value + "'");
        }
        return format;
    }

    static boolean json() {
        return "json".equals(System.getProperty(PROPERTY));
    }

    /** A status line for people (ready, stopping): printed as is, or as a log event in JSON mode. */
    static void say(String line) {
        if (json()) {
            LoggerFactory.getLogger("io.taskcast.kafka.launcher").info(line);
        } else {
            System.out.println(line);
        }
    }

    /** Runs just before Spring's logging system (re)loads logback.xml. */
    static final class FromEnvironment implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            String configured = event.getEnvironment().getProperty(PROPERTY);
            if (configured != null && !configured.isBlank()) {
                System.setProperty(PROPERTY, parse(configured));
            }
        }

        @Override
        public int getOrder() {
            return LoggingApplicationListener.DEFAULT_ORDER - 1;
        }
    }
}
