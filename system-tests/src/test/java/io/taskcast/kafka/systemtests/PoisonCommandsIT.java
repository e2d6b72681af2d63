package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Architecture invariant 6 on a real broker: records of every bad kind written straight to the
 * commands topic, as any producer may, each land on the commands dead-letter topic unchanged with
 * their reason, and the processor goes on answering valid commands on every partition afterwards.
 * A valid command written twice is applied once.
 */
@ExtendWith(EmbeddedStackExtension.class)
class PoisonCommandsIT {

    private static final String PREFIX = "poison";
    private static final Topics TOPICS = Topics.withPrefix(PREFIX);
    /** Just under the broker's default message.max.bytes (1,048,588): no room left for reason headers. */
    private static final int HUGE = 1_048_400;

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withRoles("poison", List.of("processor", "ingest"),
            Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", PREFIX));

    /** A record that must be dead-lettered, and what its reason header must say. */
    private record Poison(String name, String key, byte[] value, Consumer<String> reason) {
    }

    @Test
    void shouldDeadLetterEveryKindOfPoisonWithItsReasonAndKeepProcessing(EmbeddedStack stack, Http http)
            throws Exception {
        // given a task that the poison records name
        String taskId = "poison-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + taskId + "\"}").status()).isEqualTo(201);
        List<Poison> poisons = poisons(taskId);

        // when each is written straight to the commands topic, by a producer allowed to send large records
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (Poison poison : poisons) {
                producer.send(new ProducerRecord<>(TOPICS.commands().name(), poison.key(), poison.value())).get();
            }
        }

        // then each is on the dead-letter topic as written, with its reason and where it came from
        List<ConsumerRecord<String, byte[]>> dead = readDeadLetters(stack, poisons.size());
        for (Poison poison : poisons) {
            ConsumerRecord<String, byte[]> letter = dead.stream()
                    .filter(r -> Arrays.equals(r.value(), poison.value()) && java.util.Objects.equals(r.key(), poison.key()))
                    .findFirst().orElseThrow(() -> new AssertionError("not dead-lettered: " + poison.name()));
            poison.reason().accept(header(letter, Headers.DLQ_REASON));
            assertThat(header(letter, Headers.DLQ_ORIGIN)).as(poison.name()).startsWith(TOPICS.commands().name() + "-");
        }
        // and valid commands on every partition are still answered, the poisoned task is untouched
        for (String id : oneIdPerPartition(stack)) {
            assertThat(http.post("/tasks", "{\"id\":\"" + id + "\"}").status()).as(id).isEqualTo(201);
        }
        Http.Response task = http.get("/tasks/" + taskId);
        assertThat(task.status()).isEqualTo(200);
        assertThat(task.json().get("status").asString()).isEqualTo("pending");
        assertThat(http.post("/tasks/" + taskId + "/events", "{\"type\":\"after\",\"data\":1}").json()
                .get("index").asLong()).as("no poison became an event").isZero();
    }

    @Test
    void shouldApplyACommandWrittenTwiceOnlyOnce(EmbeddedStack stack, Http http) throws Exception {
        // given a task, and a publish command as the ingest writes it
        String taskId = "twice-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + taskId + "\"}").status()).isEqualTo(201);
        byte[] publish = utf8("{\"command\":\"publish\",\"commandId\":\"c-" + UUID.randomUUID() + "\",\"taskId\":\""
                + taskId + "\",\"events\":[{\"type\":\"tick\",\"data\":{\"n\":1}}]}");

        // when it is written twice with the same timestamp, as an idempotent producer can after a broker stall
        long timestamp = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (int copy = 0; copy < 2; copy++) {
                producer.send(new ProducerRecord<>(TOPICS.commands().name(), null, timestamp, taskId, publish)).get();
            }
        }

        // then the task has its event once: the next publish, behind both copies on the partition, gets index 1
        assertThat(http.post("/tasks/" + taskId + "/events", "{\"type\":\"after\",\"data\":1}").json()
                .get("index").asLong()).as("index of the publish after the two copies").isOne();
        assertThat(http.get("/tasks/" + taskId + "/events/history").json())
                .extracting(e -> e.get("type").asString()).containsExactly("tick", "after");
    }

    private static List<Poison> poisons(String taskId) {
        String create = "{\"command\":\"create\",\"commandId\":\"c-" + UUID.randomUUID() + "\",\"taskId\":\"" + taskId + "\"}";
        return List.of(
                new Poison("not JSON", taskId, utf8("this is not json " + UUID.randomUUID()),
                        r -> assertThat(r).startsWith("not a valid command: ").contains("Unrecognized token")),
                new Poison("wrong schema", taskId, utf8("{\"command\":\"create\",\"commandId\":\"c-"
                        + UUID.randomUUID() + "\",\"taskId\":\"" + taskId + "\",\"params\":[1,2]}"),
                        r -> assertThat(r).isEqualTo("params must be an object")),
                new Poison("no command field", taskId, utf8("{\"hello\":\"" + UUID.randomUUID() + "\"}"),
                        r -> assertThat(r).startsWith("not a valid command: ")),
                new Poison("unknown command", taskId, utf8("{\"command\":\"explode\",\"commandId\":\"c-"
                        + UUID.randomUUID() + "\",\"taskId\":\"" + taskId + "\"}"),
                        r -> assertThat(r).startsWith("not a valid command: ").contains("explode")),
                new Poison("huge", taskId, huge(),
                        r -> assertThat(r).startsWith("not a valid command: ").hasSizeLessThan(2_000)),
                new Poison("huge key differing from taskId", "k".repeat(200_000), utf8(create),
                        r -> assertThat(r).startsWith("record key 'kkk").hasSize(1_001)),
                new Poison("null key", null, utf8(create),
                        r -> assertThat(r).isEqualTo("record has no key (the key must be the task id)")),
                new Poison("key differs from taskId", "someone-else", utf8(create),
                        r -> assertThat(r).isEqualTo("record key 'someone-else' differs from taskId '" + taskId + "'")),
                new Poison("tombstone", "tombstone-" + UUID.randomUUID(), null,
                        r -> assertThat(r).isEqualTo("record has no value")));
    }

    private static byte[] huge() {
        byte[] value = new byte[HUGE];
        Arrays.fill(value, (byte) 'x');
        return value;
    }

    /** Task ids that hash to each partition of the commands topic, so every processor task is probed. */
    private static List<String> oneIdPerPartition(EmbeddedStack stack) {
        int partitions;
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            partitions = producer.partitionsFor(TOPICS.commands().name()).size();
        }
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            String id;
            do {
                id = "after-poison-" + UUID.randomUUID();
            } while (Utils.toPositive(Utils.murmur2(utf8(id))) % partitions != p);
            ids.add(id);
        }
        return ids;
    }

    private static List<ConsumerRecord<String, byte[]>> readDeadLetters(EmbeddedStack stack, int atLeast) {
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "poison-it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPICS.commandsDlq().name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.size() >= atLeast;
            });
        }
        return dead;
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedStack stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
