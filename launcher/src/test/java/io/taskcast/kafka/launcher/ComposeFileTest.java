package io.taskcast.kafka.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so this proves what can be proved
 * without one: the file is valid Compose (the Compose Specification's own JSON Schema, vendored
 * under {@code compose-spec/}), and it has the shape issue 10 asks for.
 */
class ComposeFileTest {

    /** Draft 7 plus the schema's one later keyword, {@code deprecated}, read as an annotation. */
    private static final JsonMetaSchema DRAFT_7 = JsonMetaSchema.builder(JsonMetaSchema.getV7())
            .keyword(new AnnotationKeyword("deprecated")).build();
    private static final JsonSchema COMPOSE_SPEC = JsonSchemaFactory.getInstance(VersionFlag.V7,
                    factory -> factory.metaSchema(DRAFT_7))
            .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
    /** networknt validates Jackson 2 trees. */
    private static final ObjectMapper JACKSON2 = new ObjectMapper();

    private final ComposeFile compose = ComposeFile.load();
    private final Map<String, Map<String, Object>> taskcast = compose.servicesWithImage(i -> i.startsWith("taskcast-kafka:"));
    private final Map<String, Map<String, Object>> kafka = compose.servicesWithImage(i -> i.startsWith("apache/kafka:"));

    @Test
    void shouldMatchTheComposeSpecificationSchema() {
        Set<ValidationMessage> errors = COMPOSE_SPEC.validate(JACKSON2.valueToTree(compose.document()));

        assertThat(errors).as("docker-compose.yml against compose-spec.json").isEmpty();
    }

    @Test
    void shouldRejectAMisspelledKeyAndAWrongType() {
        ObjectNode broken = JACKSON2.valueToTree(compose.document());
        broken.set("servicez", broken.get("services"));
        ((ObjectNode) broken.get("services").get("proxy")).put("ports", "3721:3721");

        Set<String> errors = COMPOSE_SPEC.validate(broken).stream().map(ValidationMessage::getMessage)
                .collect(Collectors.toSet());

        assertThat(errors).anyMatch(e -> e.contains("servicez")).anyMatch(e -> e.contains("services.proxy.ports"));
    }

    @Test
    void shouldRunThreeKafkaNodesThatKeepThreeReplicasAndTwoInSync() {
        assertThat(kafka).hasSize(3);
        kafka.forEach((name, service) -> {
            Map<String, String> env = ComposeFile.environment(service);
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(name).contains("broker");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(name).contains("//" + name + ":");
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).as(name)
                    .contains(kafka.keySet().stream().map(n -> "@" + n + ":").toList());
            assertThat(env).as(name).containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
        });
        assertThat(kafka.values().stream().map(s -> ComposeFile.environment(s).get("KAFKA_NODE_ID")).distinct())
                .hasSize(3);
        taskcast.forEach((name, service) -> assertThat(ComposeFile.environment(service)).as(name)
                .containsEntry("TASKCAST_KAFKA_REPLICATION_FACTOR", "3")
                .containsEntry("TASKCAST_KAFKA_BOOTSTRAP_SERVERS",
                        kafka.keySet().stream().map(n -> n + ":9092").collect(Collectors.joining(","))));
    }

    @Test
    void shouldRunTwoEdgesTwoProcessorsWithTheirOwnStateAndOneWebhookWorker() {
        assertThat(namesWithRoles("ingest,gateway")).containsExactly("edge-1", "edge-2");
        assertThat(namesWithRoles("processor")).containsExactly("processor-1", "processor-2");
        assertThat(namesWithRoles("webhooks")).containsExactly("webhooks");
        List<String> stateVolumes = namesWithRoles("processor").stream().map(name -> {
            String stateDir = ComposeFile.environment(taskcast.get(name)).get("TASKCAST_STATE_DIR");
            List<String> volumes = ComposeFile.map(taskcast.get(name), "volumes");
            return volumes.stream().filter(v -> v.endsWith(":" + stateDir)).findFirst().orElseThrow(
                    () -> new AssertionError(name + " mounts no volume on its TASKCAST_STATE_DIR " + stateDir));
        }).toList();
        assertThat(stateVolumes).doesNotHaveDuplicates();
    }

    @Test
    void shouldPublishTheProxyOn3721InFrontOfBothEdgesWithSseSettings() throws IOException {
        Map<String, Object> proxy = compose.services().get("proxy");
        String nginx = Files.readAllLines(compose.repository().resolve("deploy/nginx.conf")).stream()
                .filter(line -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));

        assertThat(ComposeFile.<List<String>>map(proxy, "ports")).contains("3721:3721");
        assertThat(ComposeFile.<Map<String, Object>>map(proxy, "depends_on")).containsOnlyKeys(namesWithRoles("ingest,gateway"));
        namesWithRoles("ingest,gateway").forEach(edge -> assertThat(nginx).contains("server " + edge + ":3721;"));
        assertThat(nginx).contains("proxy_buffering off;", "proxy_cache off;", "proxy_http_version 1.1;",
                "proxy_set_header Connection \"\";", "keepalive ")
                .as("SSE must not be gzipped").doesNotContain("text/event-stream");
    }

    @Test
    void shouldGiveTaskcastOnlyEnvironmentVariablesTheLauncherReads() {
        Set<String> known = LauncherEnvironment.namesReadByRun();
        assertThat(known).as("read from RunCommand's options").contains("TASKCAST_KAFKA_BOOTSTRAP_SERVERS",
                "TASKCAST_REDIS_URL", "TASKCAST_POSTGRES_URL", "TASKCAST_ROLES", "TASKCAST_STATE_DIR");

        taskcast.forEach((name, service) ->
                assertThat(ComposeFile.environment(service).keySet()).as(name).isSubsetOf(known));
    }

    @Test
    void shouldScrapeEveryTaskcastService() {
        Map<String, Object> prometheus = ComposeFile.yaml(compose.repository().resolve("deploy/prometheus.yml"));
        List<Map<String, Object>> jobs = ComposeFile.map(prometheus, "scrape_configs");

        List<String> targets = jobs.stream()
                .peek(job -> assertThat(job).containsEntry("metrics_path", "/actuator/prometheus"))
                .flatMap(job -> ComposeFile.<List<Map<String, Object>>>map(job, "static_configs").stream())
                .flatMap(c -> ComposeFile.<List<String>>map(c, "targets").stream()).toList();

        assertThat(targets).containsExactlyInAnyOrderElementsOf(taskcast.keySet().stream().map(n -> n + ":3721").toList());
    }

    @Test
    void shouldWaitOnlyForHealthchecksThatExistAndMountOnlyFilesThatExist() {
        compose.services().forEach((name, service) -> {
            Map<String, Map<String, Object>> dependsOn = ComposeFile.map(service, "depends_on");
            if (dependsOn != null) {
                dependsOn.forEach((dependency, condition) -> {
                    assertThat(compose.services()).as(name + " depends on").containsKey(dependency);
                    if ("service_healthy".equals(condition.get("condition"))) {
                        assertThat(compose.services().get(dependency)).as(dependency).containsKey("healthcheck");
                    }
                });
            }
            List<String> volumes = ComposeFile.map(service, "volumes");
            if (volumes != null) {
                volumes.stream().filter(v -> v.startsWith("./")).map(v -> v.substring(0, v.indexOf(':')))
                        .forEach(file -> assertThat(compose.repository().resolve(file)).as(name).isRegularFile());
            }
        });
    }

    private List<String> namesWithRoles(String roles) {
        return taskcast.entrySet().stream()
                .filter(e -> roles.equals(ComposeFile.environment(e.getValue()).get("TASKCAST_ROLES")))
                .map(Map.Entry::getKey).toList();
    }
}
