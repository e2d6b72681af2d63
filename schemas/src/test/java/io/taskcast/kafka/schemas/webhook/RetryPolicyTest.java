package io.taskcast.kafka.schemas.webhook;

import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.webhook.RetryPolicy.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry policy of api.md §7: defaults, merging a partial object, the delay formulas and their bounds. */
class RetryPolicyTest {

    private static final String PATH = "webhooks[0].retry";

    @Test
    void shouldUseTaskcastDefaults() {
        assertThat(RetryPolicy.DEFAULTS).isEqualTo(new RetryPolicy(3, Backoff.EXPONENTIAL, 1000, 30_000, 5000));
        assertThat(RetryPolicy.DEFAULTS.attempts()).isEqualTo(4);
        assertThat(RetryPolicy.DEFAULTS.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldMergeAPartialObjectOverTheBase() {
        RetryPolicy policy = RetryPolicy.fromJson(json("{'retries':5,'backoff':'linear'}"), RetryPolicy.DEFAULTS, PATH);

        assertThat(policy).isEqualTo(new RetryPolicy(5, Backoff.LINEAR, 1000, 30_000, 5000));
    }

    @Test
    void shouldMergeOverAConfiguredDefaultRatherThanTaskcastsOwn() {
        RetryPolicy configured = new RetryPolicy(1, Backoff.FIXED, 200, 400, 800);

        assertThat(RetryPolicy.fromJson(json("{'timeoutMs':900}"), configured, PATH))
                .isEqualTo(new RetryPolicy(1, Backoff.FIXED, 200, 400, 900));
        assertThat(RetryPolicy.fromJson(json("{}"), configured, PATH)).isEqualTo(configured);
    }

    @Test
    void shouldReturnTheBaseForAnAbsentOrNullObjectAndIgnoreNullFields() {
        assertThat(RetryPolicy.fromJson(null, RetryPolicy.DEFAULTS, PATH)).isSameAs(RetryPolicy.DEFAULTS);
        assertThat(RetryPolicy.fromJson(json("null"), RetryPolicy.DEFAULTS, PATH)).isSameAs(RetryPolicy.DEFAULTS);
        assertThat(RetryPolicy.fromJson(json("{'retries':null,'other':1}"), RetryPolicy.DEFAULTS, PATH))
                .isEqualTo(RetryPolicy.DEFAULTS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "FIXED;       1000, 1000, 1000, 1000, 1000",
            "LINEAR;      1000, 2000, 3000, 4000, 5000",
            "EXPONENTIAL; 1000, 2000, 4000, 8000, 16000",
    })
    void shouldComputeTheDelayBeforeEachRetry(Backoff backoff, String expected) {
        RetryPolicy policy = new RetryPolicy(5, backoff, 1000, 30_000, 5000);

        assertThat(delays(policy)).isEqualTo(millis(expected));
    }

    @Test
    void shouldCapEveryDelayAtMaxDelay() {
        assertThat(delays(new RetryPolicy(7, Backoff.EXPONENTIAL, 1000, 10_000, 5000)))
                .isEqualTo(millis("1000, 2000, 4000, 8000, 10000, 10000, 10000"));
        assertThat(delays(new RetryPolicy(4, Backoff.LINEAR, 3000, 7000, 5000)))
                .isEqualTo(millis("3000, 6000, 7000, 7000"));
        assertThat(delays(new RetryPolicy(2, Backoff.FIXED, 5000, 2000, 5000)))
                .isEqualTo(millis("2000, 2000"));
    }

    @Test
    void shouldStayAtTheCapWithoutOverflowAtTheLargestSettings() {
        RetryPolicy policy = new RetryPolicy(RetryPolicy.MAX_RETRIES, Backoff.EXPONENTIAL,
                RetryPolicy.MAX_DELAY_MS, RetryPolicy.MAX_DELAY_MS, 5000);

        assertThat(delays(policy)).hasSize(RetryPolicy.MAX_RETRIES)
                .allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofDays(1)));
        assertThat(new RetryPolicy(20, Backoff.EXPONENTIAL, 1, RetryPolicy.MAX_DELAY_MS, 5000).delayBeforeRetry(20))
                .isEqualTo(Duration.ofMillis(1L << 19));
    }

    @Test
    void shouldNotWaitAtAllWithAZeroInitialDelay() {
        assertThat(delays(new RetryPolicy(3, Backoff.EXPONENTIAL, 0, 30_000, 5000))).containsOnly(Duration.ZERO);
    }

    @Test
    void shouldRejectRetryNumbersOutsideOneToRetries() {
        RetryPolicy policy = RetryPolicy.DEFAULTS;

        assertThatThrownBy(() -> policy.delayBeforeRetry(0)).hasMessage("retry must be from 1 to 3, got 0");
        assertThatThrownBy(() -> policy.delayBeforeRetry(4)).hasMessage("retry must be from 1 to 3, got 4");
        assertThatThrownBy(() -> new RetryPolicy(0, Backoff.FIXED, 1, 1, 1).delayBeforeRetry(1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'retries':-1}              | webhooks[0].retry.retries must be an integer from 0 to 20",
            "{'retries':21}              | webhooks[0].retry.retries must be an integer from 0 to 20",
            "{'retries':4294967297}      | webhooks[0].retry.retries must be an integer from 0 to 20",
            "{'retries':1.5}             | webhooks[0].retry.retries must be an integer",
            "{'retries':1.0}             | webhooks[0].retry.retries must be an integer",
            "{'retries':'3'}             | webhooks[0].retry.retries must be an integer",
            "{'initialDelayMs':-1}       | webhooks[0].retry.initialDelayMs must be from 0 to 86400000 (milliseconds)",
            "{'maxDelayMs':86400001}     | webhooks[0].retry.maxDelayMs must be from 0 to 86400000 (milliseconds)",
            "{'maxDelayMs':1e30}         | webhooks[0].retry.maxDelayMs must be an integer",
            "{'timeoutMs':0}             | webhooks[0].retry.timeoutMs must be from 1 to 300000 (milliseconds)",
            "{'timeoutMs':300001}        | webhooks[0].retry.timeoutMs must be from 1 to 300000 (milliseconds)",
            "{'backoff':'quadratic'}     | webhooks[0].retry.backoff must be one of fixed, linear, exponential",
            "{'backoff':'FIXED'}         | webhooks[0].retry.backoff must be one of fixed, linear, exponential",
            "{'backoff':1}               | webhooks[0].retry.backoff must be one of fixed, linear, exponential",
            "[]                          | webhooks[0].retry must be an object",
            "3                           | webhooks[0].retry must be an object",
    })
    void shouldRejectABadValueNamingItsField(String retry, String message) {
        assertThatThrownBy(() -> RetryPolicy.fromJson(json(retry), RetryPolicy.DEFAULTS, PATH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void shouldValidateInTheConstructorToo() {
        assertThatThrownBy(() -> new RetryPolicy(3, null, 1000, 30_000, 5000))
                .hasMessage("backoff must be one of fixed, linear, exponential");
        assertThatThrownBy(() -> new RetryPolicy(3, Backoff.FIXED, 1000, 30_000, -5))
                .hasMessage("timeoutMs must be from 1 to 300000 (milliseconds)");
    }

    @Test
    void shouldWriteAndReadTheWireForm() {
        String wire = Json.toString(RetryPolicy.DEFAULTS);

        assertThat(wire).isEqualTo(
                "{\"retries\":3,\"backoff\":\"exponential\",\"initialDelayMs\":1000,\"maxDelayMs\":30000,\"timeoutMs\":5000}");
        assertThat(Json.fromString(wire, RetryPolicy.class)).isEqualTo(RetryPolicy.DEFAULTS);
    }

    private static List<Duration> delays(RetryPolicy policy) {
        return IntStream.rangeClosed(1, policy.retries()).mapToObj(policy::delayBeforeRetry).toList();
    }

    private static List<Duration> millis(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).map(Long::parseLong)
                .map(Duration::ofMillis).toList();
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }
}
