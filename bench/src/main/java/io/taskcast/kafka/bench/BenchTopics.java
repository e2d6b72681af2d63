package io.taskcast.kafka.bench;

import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bench's topics on a Kafka cluster that may not be the bench's own: they must not exist
 * before (the bench writes into them and deletes them afterwards), and are deleted at the end.
 */
final class BenchTopics {

    private static final long TIMEOUT_SECONDS = 30;

    private BenchTopics() {
    }

    /** Refuses a prefix whose topics exist, so that a bench never writes into or deletes real topics. */
    static void requireNew(String bootstrapServers, Topics topics, String prefix) {
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> taken = topics.allNames().stream().filter(existing::contains).toList();
            if (!taken.isEmpty()) {
                throw new IllegalArgumentException("Topics " + taken + " already exist on " + bootstrapServers
                        + "; the bench writes into its own topics and deletes them afterwards, so choose a new"
                        + " --topic-prefix than '" + prefix + "' (or leave it out for a random one)");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list the topics of Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing the topics of Kafka at " + bootstrapServers, e);
        }
    }

    static void delete(String bootstrapServers, Topics topics) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.deleteTopics(topics.allNames()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("bench: could not delete the bench topics " + topics.allNames() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)));
    }
}
