package io.taskcast.kafka.bench.load.throughput;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The few admin calls the Kafka scenarios need: partition counts and the bench's own temporary topics. */
final class TopicAdmin implements AutoCloseable {

    private final Admin admin;

    TopicAdmin(String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Partitions of {@code topic}, or {@code fallback} when it does not exist. */
    int partitionsOf(String topic, int fallback) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return fallback;
            }
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw interrupted("describe topic " + topic, e);
        }
    }

    /** Creates {@code topic} with the broker's default replication factor. */
    void create(String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw interrupted("create topic " + topic, e);
        }
    }

    void delete(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("Could not delete bench topic " + topic + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static IllegalStateException interrupted(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("could not " + what + ": " + e, e);
    }

    @Override
    public void close() {
        admin.close();
    }
}
