package io.taskcast.kafka.platform.kafka;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates this system's topics when missing, at start-up and before any role reads or writes them,
 * so a fresh cluster works with auto-creation off, then checks existing topics against
 * configuration ({@link TopicLayout}): a tolerable difference is logged as a warning naming the topic
 * and setting, an unsafe one stops start-up. An unreachable cluster stops start-up with one message
 * naming the address and the setting.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final TaskcastProperties.Kafka kafka;

    public TopicProvisioner(TaskcastProperties.Kafka kafka) {
        this.kafka = kafka;
    }

    /**
     * Creates what is missing and checks what exists.
     *
     * @return the tolerated differences, each already logged as a warning
     * @throws KafkaUnavailableException when Kafka cannot be reached
     * @throws TopicMismatchException when an existing topic differs in a way that would lose data
     */
    public List<TopicLayout.Mismatch> ensureTopics() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis()))) {
            long timeout = kafka.requestTimeout().toMillis();
            List<TopicLayout.Expected> layout = TopicLayout.expected(kafka);
            Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = layout.stream().filter(t -> !existing.contains(t.name()))
                    .map(TopicLayout.Expected::toNewTopic).toList();
            if (!missing.isEmpty()) {
                create(admin, missing, timeout);
            }
            return report(mismatchesOnceVisible(admin, layout, timeout));
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(e.getCause());
            }
            throw new KafkaUnavailableException("Cannot create topics on Kafka at " + kafka.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("Interrupted while provisioning topics", e);
        }
    }

    /**
     * Creates each topic; one that another instance created meanwhile (instances of a cluster
     * start together) counts as created, and is then checked like any existing topic.
     */
    private static void create(Admin admin, List<NewTopic> missing, long timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
            try {
                result.getValue().get(timeout, TimeUnit.MILLISECONDS);
                created.add(result.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                log.info("Topic {} was created by another instance meanwhile", result.getKey());
            }
        }
        if (!created.isEmpty()) {
            log.info("Created topics {}", created);
        }
    }

    private KafkaUnavailableException unreachable(Throwable cause) {
        return new KafkaUnavailableException("Cannot reach Kafka at " + kafka.bootstrapServers() + " within "
                + kafka.requestTimeout().toSeconds() + " s (taskcast.kafka.bootstrap-servers / "
                + "TASKCAST_KAFKA_BOOTSTRAP_SERVERS)", cause);
    }

    /**
     * A topic just created (here or by another instance) can be unknown to the broker answering
     * for a moment, until the new metadata reaches it: ask again, within the request timeout.
     */
    private static List<TopicLayout.Mismatch> mismatchesOnceVisible(Admin admin, List<TopicLayout.Expected> layout,
                                                                     long timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        while (true) {
            try {
                return mismatches(admin, layout, timeout);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static List<TopicLayout.Mismatch> mismatches(Admin admin, List<TopicLayout.Expected> layout, long timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = layout.stream().map(TopicLayout.Expected::name).toList();
        Map<String, TopicDescription> described = admin.describeTopics(names)
                .allTopicNames().get(timeout, TimeUnit.MILLISECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList())
                .all().get(timeout, TimeUnit.MILLISECONDS);
        List<TopicLayout.Mismatch> found = new ArrayList<>();
        for (TopicLayout.Expected expected : layout) {
            TopicDescription description = described.get(expected.name());
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, expected.name()));
            Map<String, String> values = new HashMap<>();
            config.entries().forEach(entry -> values.put(entry.name(), entry.value()));
            found.addAll(TopicLayout.compare(expected, description.partitions().size(),
                    description.partitions().get(0).replicas().size(), values));
        }
        return found;
    }

    private static List<TopicLayout.Mismatch> report(List<TopicLayout.Mismatch> found) {
        List<TopicLayout.Mismatch> unsafe = found.stream().filter(TopicLayout.Mismatch::unsafe).toList();
        if (!unsafe.isEmpty()) {
            throw new TopicMismatchException(unsafe.get(0).message()
                    + (unsafe.size() > 1 ? " (and " + (unsafe.size() - 1) + " more)" : ""));
        }
        found.forEach(mismatch -> log.warn(mismatch.message()));
        return List.copyOf(found);
    }
}
