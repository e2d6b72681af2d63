package io.taskcast.kafka.bench;

import io.taskcast.kafka.embedded.EmbeddedStack.Component;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.server.common.MetadataVersion;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a bench number depends on besides the code: the machine, its load and the services' versions. */
final class BenchEnvironment {

    private BenchEnvironment() {
    }

    /** The 1-minute load average of the machine, or -1 where the OS does not tell. */
    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "machine: %d cores, %s %s, max heap %,d MiB, %s %s %s",
                runtime.availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), runtime.maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
    }

    static String services(BenchServices services, BenchViews views) {
        StringBuilder line = new StringBuilder("services: ").append(kafka(services));
        if (views.redis() != null) {
            line.append(", Redis ").append(redisVersion(views)).append(origin(services, Component.REDIS));
        }
        if (views.postgres() != null) {
            line.append(", PostgreSQL ").append(views.query("SHOW server_version", (row, meta) -> row.get(0, String.class)).get(0))
                    .append(origin(services, Component.POSTGRES));
        }
        return line.toString();
    }

    private static String kafka(BenchServices services) {
        if (services.embedded(Component.KAFKA)) {
            return "Kafka " + AppInfoParser.getVersion() + " (embedded, in this JVM)";
        }
        return "Kafka " + metadataVersion(services.kafka()) + " at " + services.kafka();
    }

    /** The cluster's finalized metadata.version names the feature level of its release, e.g. 4.2-IV1. */
    private static String metadataVersion(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            FinalizedVersionRange range = admin.describeFeatures().featureMetadata().get(15, TimeUnit.SECONDS)
                    .finalizedFeatures().get(MetadataVersion.FEATURE_NAME);
            return range == null ? "(unknown version)" : MetadataVersion.fromFeatureLevel(range.maxVersionLevel()).version();
        } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
            return "(version unknown: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(version unknown: interrupted)";
        }
    }

    private static String redisVersion(BenchViews views) {
        return views.redis().info("server").lines().filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).trim()).findFirst().orElse("(unknown version)");
    }

    private static String origin(BenchServices services, Component component) {
        return services.embedded(component) ? " (embedded)" : " (given)";
    }
}
