package io.taskcast.kafka.platform.config;

import io.taskcast.kafka.schemas.cleanup.CleanupRule;
import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.RetryPolicy;
import io.taskcast.kafka.schemas.webhook.WebhookConfig;
import io.taskcast.kafka.schemas.webhook.WebhookConfigs;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection settings every role shares. Environment variables bind by Spring's relaxed rules
 * ({@code TASKCAST_REDIS_URL} → {@code taskcast.redis.url}); the launcher also maps
 * {@code TASKCAST_KAFKA_BOOTSTRAP_SERVERS}. A missing or malformed value stops start-up naming its key.
 */
@ConfigurationProperties("taskcast")
public record TaskcastProperties(@DefaultValue Kafka kafka, @DefaultValue Redis redis, @DefaultValue Postgres postgres,
                                 @DefaultValue HotRetention hotRetention, @DefaultValue Cleanup cleanup,
                                 @DefaultValue Webhooks webhooks) {

    public TaskcastProperties {
        require(kafka.bootstrapServers(), "taskcast.kafka.bootstrap-servers (TASKCAST_KAFKA_BOOTSTRAP_SERVERS)");
        require(redis.url(), "taskcast.redis.url (TASKCAST_REDIS_URL)");
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
    }

    /**
     * @param partitions partitions of each topic we create; bounds the processor's parallelism
     * @param replicationFactor replicas of each topic we create (1 for a single dev broker)
     * @param requestTimeout how long start-up waits for Kafka before reporting it unreachable
     * @param eventsRetention how long the events topic keeps records, i.e. how far back clients can
     *                        replay from Kafka; {@code -1} keeps them forever, absent = the broker's default
     */
    public record Kafka(String bootstrapServers,
                        @DefaultValue(Topics.DEFAULT_PREFIX) String topicPrefix,
                        @DefaultValue("3") int partitions,
                        @DefaultValue("1") short replicationFactor,
                        @DefaultValue("15s") Duration requestTimeout,
                        Duration eventsRetention) {

        /** Keep forever ({@code retention.ms=-1}). */
        public static final Duration RETAIN_FOREVER = Duration.ofMillis(-1);

        @ConstructorBinding
        public Kafka {
            if (partitions < 1) {
                throw new IllegalArgumentException("taskcast.kafka.partitions must be at least 1, got " + partitions);
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException(
                        "taskcast.kafka.replication-factor must be at least 1, got " + replicationFactor);
            }
            if (eventsRetention != null && (eventsRetention.isNegative() || eventsRetention.isZero()) && !eventsRetention.equals(RETAIN_FOREVER)) {
                throw new IllegalArgumentException("taskcast.kafka.events-retention (TASKCAST_KAFKA_EVENTS_RETENTION)"
                        + " must be a positive duration such as 7d, or -1 to keep events forever; got " + eventsRetention);
            }
        }

        /** Without a retention setting: the broker's default applies to the events topic. */
        public Kafka(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor,
                     Duration requestTimeout) {
            this(bootstrapServers, topicPrefix, partitions, replicationFactor, requestTimeout, null);
        }

        public Topics topics() {
            return Topics.withPrefix(topicPrefix);
        }
    }

    /** @param url {@code redis://[user:password@]host:port[/db]} */
    public record Redis(String url) {
    }

    /**
     * Taskcast's hot retention: with it enabled, a task that reached a terminal status leaves Redis
     * (with its events and series states) {@code terminalSeconds} after it finished, and is served
     * from the Postgres archive. Disabled (the default, as in Taskcast), finished tasks stay in Redis
     * until a cleanup rule removes them.
     */
    public record HotRetention(@DefaultValue("false") boolean enabled, @DefaultValue("86400") long terminalSeconds) {

        public HotRetention {
            if (terminalSeconds < 1) {
                throw new IllegalArgumentException("taskcast.hot-retention.terminal-seconds"
                        + " (TASKCAST_HOT_RETENTION_TERMINAL_SECONDS) must be a positive integer, got " + terminalSeconds);
            }
        }

        /** How long a finished task stays in Redis; null = until something removes it. */
        public Duration terminalRetention() {
            return enabled ? Duration.ofSeconds(terminalSeconds) : null;
        }
    }

    /**
     * @param rules cleanup rules for every task (api.md §10) as a JSON array, applied after the
     *              task's own rules; e.g. {@code [{"target":"all","trigger":{"afterMs":86400000}}]}
     */
    public record Cleanup(String rules) {

        public Cleanup {
            parsedRules(rules);
        }

        public List<CleanupRule> parsedRules() {
            return parsedRules(rules);
        }

        private static List<CleanupRule> parsedRules(String rules) {
            return CleanupRules.fromJson(rules, "taskcast.cleanup.rules (TASKCAST_CLEANUP_RULES)");
        }
    }

    /**
     * @param global               webhooks for every task (api.md §7) as a JSON array, sent after each
     *                             task's own; e.g. {@code [{"url":"https://hooks.example.com/all"}]}
     * @param allowLoopbackTargets whether webhooks may target this host (127.0.0.0/8, ::1); dev mode allows it
     * @param allowPrivateTargets  whether webhooks may target private, link-local and CGNAT addresses
     */
    public record Webhooks(String global, @DefaultValue("false") boolean allowLoopbackTargets,
                           @DefaultValue("false") boolean allowPrivateTargets) {

        private static final String KEY = "taskcast.webhooks.global (TASKCAST_WEBHOOKS)";

        public Webhooks {
            parsedGlobal(global);
        }

        public List<WebhookConfig> parsedGlobal() {
            return parsedGlobal(global);
        }

        private static List<WebhookConfig> parsedGlobal(String json) {
            if (json == null || json.isBlank()) {
                return List.of();
            }
            JsonNode array;
            try {
                array = Json.mapper().readTree(json);
            } catch (JacksonException e) {
                throw new IllegalArgumentException(KEY + " must be a JSON array of webhooks: " + e.getOriginalMessage());
            }
            if (!array.isArray()) {
                throw new IllegalArgumentException(KEY + " must be a JSON array of webhooks");
            }
            List<WebhookConfig> webhooks = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                webhooks.add(WebhookConfigs.parse(array.get(i), KEY + "[" + i + "]", RetryPolicy.DEFAULTS));
            }
            return List.copyOf(webhooks);
        }
    }

    /** @param url {@code postgres://user[:password]@host:port/database}; absent = no archive */
    public record Postgres(String url) {
    }
}
