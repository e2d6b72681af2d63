package io.taskcast.kafka.platform.kafka;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates this system's topics when missing, at start-up and before any role reads or writes them,
 * so a fresh cluster works with auto-creation off. An unreachable cluster stops start-up with one
 * message naming the address and the setting.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final TaskcastProperties.Kafka kafka;

    public TopicProvisioner(TaskcastProperties.Kafka kafka) {
        this.kafka = kafka;
    }

    /** Creates what is missing; throws {@link KafkaUnavailableException} when Kafka cannot be reached. */
    public void ensureTopics() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis()))) {
            long timeout = kafka.requestTimeout().toMillis();
            Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = kafka.topics().allNames().stream().filter(n -> !existing.contains(n))
                    .map(this::newTopic).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(timeout, TimeUnit.MILLISECONDS);
                log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            }
            warnOnPartitionMismatch(admin, timeout);
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

    private KafkaUnavailableException unreachable(Throwable cause) {
        return new KafkaUnavailableException("Cannot reach Kafka at " + kafka.bootstrapServers() + " within "
                + kafka.requestTimeout().toSeconds() + " s (taskcast.kafka.bootstrap-servers / "
                + "TASKCAST_KAFKA_BOOTSTRAP_SERVERS)", cause);
    }

    private NewTopic newTopic(String name) {
        NewTopic topic = new NewTopic(name, kafka.partitions(), kafka.replicationFactor());
        if (kafka.topics().compactedNames().contains(name)) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        if (kafka.topics().deadLetterNames().contains(name)) {
            topic.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.DEAD_LETTER_MAX_BYTES)));
        }
        return topic;
    }

    private void warnOnPartitionMismatch(Admin admin, long timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described = admin.describeTopics(kafka.topics().allNames())
                .allTopicNames().get(timeout, TimeUnit.MILLISECONDS);
        described.values().stream().filter(d -> d.partitions().size() != kafka.partitions()).forEach(d ->
                log.warn("Topic {} has {} partitions but taskcast.kafka.partitions is {}; keeping the topic as it is",
                        d.name(), d.partitions().size(), kafka.partitions()));
    }
}
