package io.taskcast.kafka.launcher;

import io.taskcast.kafka.gateway.GatewayProperties;
import io.taskcast.kafka.ingest.AdminProperties;
import io.taskcast.kafka.ingest.IngestProperties;
import io.taskcast.kafka.ingest.WorkersProperties;
import io.taskcast.kafka.platform.auth.AuthProperties;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.sentry.SentryProperties;
import io.taskcast.kafka.platform.web.CorsProperties;
import io.taskcast.kafka.processor.ProcessorProperties;
import io.taskcast.kafka.processor.archive.ArchiverProperties;
import io.taskcast.kafka.webhook.worker.WebhookWorkerProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every setting of Taskcast, derived from the typed properties the roles bind ({@code @ConfigurationProperties}
 * records): the one list from which the configuration file's keys ({@link ConfigKeys}), the
 * environment variables ({@link EnvironmentAliases}) and {@code --set} are made. A new component of
 * a properties record is settable everywhere without being listed anywhere else.
 *
 * <p>Names follow the property: {@code taskcast.gateway.max-buffered} is the file key
 * {@code gateway.maxBuffered} and the variable {@code TASKCAST_GATEWAY_MAX_BUFFERED}. Taskcast's own
 * file keys and variables for the same settings ({@code adapters.shortTermStore.url},
 * {@code TASKCAST_JWT_SECRET}, ...) are kept beside them as aliases.
 */
final class SettingsCatalog {

    /** The properties records of every role, each bound under its {@code @ConfigurationProperties} prefix. */
    static final List<Class<? extends Record>> SOURCES = List.of(TaskcastProperties.class, AuthProperties.class,
            CorsProperties.class, SentryProperties.class, IngestProperties.class, AdminProperties.class, WorkersProperties.class,
            ProcessorProperties.class,
            ArchiverProperties.class, GatewayProperties.class, WebhookWorkerProperties.class);

    /** What a setting holds, which decides how the file and the environment give it. */
    enum Kind {
        TEXT, INTEGER, BOOLEAN, DURATION, SIZE, PATH, TEXT_LIST,
        /** A list of records ({@code auth.trustedServices}): a list of mappings in the file, JSON in the environment. */
        RECORD_LIST
    }

    /**
     * @param property the Spring property, e.g. {@code taskcast.gateway.max-buffered}
     * @param fileKey  the configuration file's key, e.g. {@code gateway.maxBuffered}
     * @param variable the environment variable, e.g. {@code TASKCAST_GATEWAY_MAX_BUFFERED}
     * @param element  for {@link Kind#RECORD_LIST}, the record each item binds to; else null
     */
    record Setting(String property, String fileKey, String variable, Kind kind, Class<?> element) {
    }

    static final List<Setting> ALL = derive();

    private SettingsCatalog() {
    }

    private static List<Setting> derive() {
        List<Setting> settings = new ArrayList<>();
        for (Class<? extends Record> source : SOURCES) {
            ConfigurationProperties annotation = source.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.value().isEmpty() ? annotation.prefix() : annotation.value();
            walk(source, prefix, settings);
        }
        return List.copyOf(settings);
    }

    private static void walk(Class<?> record, String prefix, List<Setting> out) {
        for (RecordComponent component : record.getRecordComponents()) {
            String property = prefix + "." + kebab(component.getName());
            Class<?> type = component.getType();
            if (type.isRecord()) {
                walk(type, property, out);
                continue;
            }
            Class<?> element = null;
            Kind kind;
            if (type == List.class) {
                element = elementOf(component.getGenericType());
                kind = element == String.class ? Kind.TEXT_LIST : Kind.RECORD_LIST;
            } else {
                kind = kindOf(type, property);
            }
            out.add(new Setting(property, fileKey(property), variable(property), kind, element));
        }
    }

    private static Kind kindOf(Class<?> type, String property) {
        if (type == String.class) {
            return Kind.TEXT;
        }
        if (type == int.class || type == long.class || type == short.class) {
            return Kind.INTEGER;
        }
        if (type == boolean.class) {
            return Kind.BOOLEAN;
        }
        if (type == java.time.Duration.class) {
            return Kind.DURATION;
        }
        if (type == org.springframework.util.unit.DataSize.class) {
            return Kind.SIZE;
        }
        if (type == java.nio.file.Path.class) {
            return Kind.PATH;
        }
        throw new IllegalStateException(property + ": a setting of type " + type.getName()
                + " needs a way to be read from the file and the environment (SettingsCatalog.Kind)");
    }

    private static Class<?> elementOf(Type generic) {
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        throw new IllegalStateException("a list setting needs its element type: " + generic);
    }

    /** {@code taskcast.webhook-worker.session-timeout} → {@code webhookWorker.sessionTimeout}. */
    static String fileKey(String property) {
        String path = property.startsWith("taskcast.") ? property.substring("taskcast.".length()) : property;
        StringBuilder key = new StringBuilder();
        boolean upper = false;
        for (char c : path.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                key.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return key.toString();
    }

    /** {@code taskcast.webhook-worker.session-timeout} → {@code TASKCAST_WEBHOOK_WORKER_SESSION_TIMEOUT}. */
    static String variable(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
