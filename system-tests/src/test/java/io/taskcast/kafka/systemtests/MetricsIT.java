package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations endpoints of a running system: {@code /actuator/prometheus} after real traffic
 * shows the command, SSE, webhook, Kafka and HTTP meters; the liveness and readiness groups answer;
 * a processor-only process serves its meters (and no API); JSON logs are JSON, secrets left out.
 */
@ExtendWith(EmbeddedStackExtension.class)
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A consumer's lag series, up to the start of its client id. */
    private static final String LAG = "kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"";
    private static final String SECRET = "metrics-it-secret-that-must-never-be-logged-0123456789";

    /** Own topics and consumer groups, so no other app in this JVM takes our commands or deliveries. */
    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withEnvironment("metrics", Map.of(
            "TASKCAST_KAFKA_TOPIC_PREFIX", "metricsit"));

    private static Http http;
    private static TaskcastProcess processorOnly;
    private static Http processorHttp;

    @BeforeAll
    static void start(Http shared) {
        http = shared;
        EmbeddedStack stack = EmbeddedStackExtension.stack();
        int port = FreePort.next();
        processorOnly = TaskcastProcess.start(Map.of("TASKCAST_LOG_FORMAT", "json",
                        "TASKCAST_KAFKA_TOPIC_PREFIX", "metricsproc", "TASKCAST_JWT_SECRET", SECRET), List.of(),
                "run", "--roles", "processor", "--port", String.valueOf(port), "--kafka", stack.kafkaBootstrapServers(),
                "--redis-url", stack.redisUrl(), "--state-dir", Path.of("target", "it-metrics-" + port).toString());
        processorHttp = new Http(port);
    }

    @AfterAll
    static void stop() {
        if (processorOnly != null) {
            processorOnly.close();
        }
    }

    @Test
    void shouldShowTheMetersOfRealTrafficOnThePrometheusEndpoint() {
        // given: a task with events, a rejected publish after completion, a streamed and a dead-end webhook
        String id = "metrics-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"llm.chat\",\"webhooks\":"
                + "[{\"url\":\"http://127.0.0.1:9/hook\"}]}").status()).isEqualTo(201);
        assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        String twoEvents = "[{\"type\":\"log\",\"data\":1},{\"type\":\"log\",\"data\":2}]";
        assertThat(http.post("/tasks/" + id + "/events", twoEvents).status()).isEqualTo(201);
        try (SseClient sse = SseClient.open(http, "/tasks/" + id + "/events")) {
            await().atMost(WAIT).until(() -> sse.events().size() >= 3);
            assertThat(value(http, "taskcast_sse_streams_open", "kind=\"task\"").orElse(0)).isGreaterThanOrEqualTo(1);
        }
        assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);

        // when
        assertThat(http.post("/tasks/" + id + "/events", "{\"type\":\"log\",\"data\":3}").status()).isEqualTo(400);

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = scrape(http);
            assertThat(value(metrics, "taskcast_commands_processed_total", "outcome=\"accepted\"").orElse(0))
                    .isGreaterThanOrEqualTo(4);
            assertThat(value(metrics, "taskcast_commands_processed_total", "outcome=\"rejected\"").orElse(0))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "taskcast_commands_latency_seconds_count", "").orElse(0))
                    .isGreaterThanOrEqualTo(5);
            assertThat(value(metrics, "taskcast_webhook_attempts_total", "outcome=\"refused\"").orElse(0))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "taskcast_webhook_deliveries_total", "result=\"dead\"").orElse(0))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "http_server_requests_seconds_count",
                    "method=\"POST\",outcome=\"SUCCESS\",status=\"201\",uri=\"/tasks/{taskId}/events\"").orElse(0))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "http_server_requests_seconds_count",
                    "uri=\"/tasks/{taskId}/events\"", "method=\"GET\"").orElse(0)).isGreaterThanOrEqualTo(1);
        });
        String metrics = scrape(http);
        assertThat(metrics).doesNotContain("uri=\"/tasks/" + id);
        assertThat(value(metrics, "taskcast_sse_streams_open", "kind=\"task\"")).hasValue(0);
        // consumer lag of the processor's Streams consumers, the gateway's live consumer, the archiver and the worker:
        // a consumer's meter appears once it has its partitions and fetched, which under load can come later
        await().atMost(WAIT).untilAsserted(() -> assertThat(scrape(http)).containsPattern(LAG + "[^\"]*processor")
                .containsPattern(LAG + "taskcast-gateway-live\"").containsPattern(LAG + "[^\"]*archiver")
                .containsPattern(LAG + "[^\"]*webhooks"));
    }

    @Test
    void shouldAnswerLivenessAndReadinessUpAndKeepTheApiHealthRoutes() {
        assertThat(http.get("/actuator/health/liveness")).isEqualTo(new Http.Response(200, "{\"status\":\"UP\"}"));
        assertThat(http.get("/actuator/health/readiness")).isEqualTo(new Http.Response(200, "{\"status\":\"UP\"}"));
        assertThat(http.get("/health").json().get("ok").asBoolean()).isTrue();
        Http.Response ready = http.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("dependencies").get("kafka").get("ok").asBoolean()).isTrue();
        assertThat(http.get("/actuator/env").status()).isEqualTo(404);
    }

    @Test
    void shouldServeTheProcessorMetersAndNoApiFromAProcessorOnlyProcess() {
        // given
        awaitJsonReadyLine();
        String id = "metrics-direct-" + UUID.randomUUID();

        // when: a command written straight to the topic, as any producer may
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedStackExtension.stack().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.withPrefix("metricsproc").commands().name(), id, Json.toBytes(
                    new CreateTask("cmd-" + id, id, "direct", null, null, null, null, null, null, null))));
        }

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                value(processorHttp, "taskcast_commands_processed_total", "outcome=\"accepted\"").orElse(0))
                .isGreaterThanOrEqualTo(1));
        String metrics = scrape(processorHttp);
        assertThat(metrics).contains("taskcast_commands_latency_seconds_count")
                .containsPattern(LAG + "[^\"]*processor")
                .doesNotContain("taskcast_sse_streams_open");
        assertThat(processorHttp.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(processorHttp.get("/tasks/" + id).status()).isEqualTo(404);
        assertThat(processorHttp.get("/health").status()).isEqualTo(404);
        assertThat(processorHttp.get("/openapi.json").status()).isEqualTo(404);
    }

    @Test
    void shouldLogOneJsonObjectPerLineWithoutSecretsWhenTheFormatIsJson() {
        awaitJsonReadyLine();

        List<String> lines = List.copyOf(processorOnly.stdout());

        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            JsonNode json = Json.mapper().readTree(line);
            assertThat(json.has("@timestamp")).as(line).isTrue();
            assertThat(json.has("message")).as(line).isTrue();
        });
        assertThat(lines).noneMatch(line -> line.contains(SECRET));
    }

    private static void awaitJsonReadyLine() {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(processorOnly.isAlive()).as("processor-only process: %s %s", processorOnly.stdout(),
                    processorOnly.stderr()).isTrue();
            return processorOnly.stdout().stream().anyMatch(l -> l.contains("Taskcast ready on "));
        });
    }

    /** The scrape, also kept in target/ to read when an assertion fails. */
    private static String scrape(Http target) {
        Http.Response response = target.get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        try {
            Files.writeString(Path.of("target", "metrics-it-" + target.base().replaceAll("\\D", "") + ".prom"),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response.body();
    }

    private static OptionalDouble value(Http target, String name, String... labels) {
        return value(scrape(target), name, labels);
    }

    /** The sum of the series of {@code name} whose labels contain each of {@code labels}. */
    private static OptionalDouble value(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{.*})? (\\S+)$").matcher(metrics);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            String series = m.group(1) == null ? "" : m.group(1);
            if (List.of(labels).stream().allMatch(series::contains)) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
