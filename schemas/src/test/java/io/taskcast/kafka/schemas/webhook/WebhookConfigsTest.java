package io.taskcast.kafka.schemas.webhook;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.filter.EventFilter;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.webhook.RetryPolicy.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a task's {@code webhooks} array (api.md §7) into validated configurations. */
class WebhookConfigsTest {

    private static final RetryPolicy DEFAULT_RETRY = RetryPolicy.DEFAULTS;

    @Test
    void shouldApplyEveryDefaultToAUrlOnlyWebhook() {
        List<WebhookConfig> configs = WebhookConfigs.parseAll(json("[{'url':'https://hooks.example.com/t'}]"), DEFAULT_RETRY);

        assertThat(configs).containsExactly(
                new WebhookConfig(URI.create("https://hooks.example.com/t"), EventFilter.ALL, null, true, RetryPolicy.DEFAULTS));
        assertThat(configs.get(0)).isEqualTo(WebhookConfig.of(URI.create("https://hooks.example.com/t")));
    }

    @Test
    void shouldReadEveryField() {
        WebhookConfig config = parseOne("{'url':'http://hooks.example.com:8080/a?b=c',"
                + "'filter':{'types':['llm.*','tool.call'],'levels':['warn','error'],'includeStatus':false},"
                + "'secret':'s3cret','wrap':false,"
                + "'retry':{'retries':2,'backoff':'fixed','initialDelayMs':10,'maxDelayMs':20,'timeoutMs':30},"
                + "'unknown':{'ignored':true}}");

        assertThat(config).isEqualTo(new WebhookConfig(URI.create("http://hooks.example.com:8080/a?b=c"),
                new EventFilter(List.of("llm.*", "tool.call"), Set.of(Level.WARN, Level.ERROR), false),
                "s3cret", false, new RetryPolicy(2, Backoff.FIXED, 10, 20, 30)));
    }

    @Test
    void shouldMergeAPartialRetryOverTheConfiguredDefault() {
        RetryPolicy configured = new RetryPolicy(6, Backoff.LINEAR, 500, 5000, 2000);

        WebhookConfig config = WebhookConfigs.parse(json("{'url':'https://h.example/','retry':{'retries':1}}"),
                "webhooks[0]", configured);

        assertThat(config.retry()).isEqualTo(new RetryPolicy(1, Backoff.LINEAR, 500, 5000, 2000));
    }

    @Test
    void shouldTreatNullFieldsAsAbsent() {
        WebhookConfig config = parseOne("{'url':'https://h.example/','filter':null,'secret':null,'wrap':null,'retry':null}");

        assertThat(config).isEqualTo(WebhookConfig.of(URI.create("https://h.example/")));
    }

    @Test
    void shouldKeepAnEmptyTypesListMeaningNoEvents() {
        WebhookConfig config = parseOne("{'url':'https://h.example/','filter':{'types':[]}}");

        assertThat(config.filter()).isEqualTo(new EventFilter(List.of(), null, true));
        assertThat(config.matches(event("llm.delta", Level.INFO))).isFalse();
    }

    @Test
    void shouldMatchEventsThroughItsFilter() {
        WebhookConfig config = parseOne("{'url':'https://h.example/','filter':{'types':['llm.*'],'includeStatus':false}}");

        assertThat(config.matches(event("llm.delta", Level.INFO))).isTrue();
        assertThat(config.matches(event("tool.call", Level.INFO))).isFalse();
        assertThat(config.matches(event(TaskEvent.STATUS_TYPE, Level.INFO))).isFalse();
    }

    @Test
    void shouldAcceptAnUppercaseSchemeAndAnIpv6Literal() {
        assertThat(parseOne("{'url':'HTTPS://[2001:db8::1]:8443/x'}").url()).isEqualTo(URI.create("HTTPS://[2001:db8::1]:8443/x"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}                                          | webhooks[0].url is required",
            "{'url':null}                                | webhooks[0].url is required",
            "{'url':''}                                  | webhooks[0].url must be a non-empty string",
            "{'url':42}                                  | webhooks[0].url must be a non-empty string",
            "{'url':'/relative/path'}                    | webhooks[0].url must be an absolute http(s) URL",
            "{'url':'hooks.example.com/x'}               | webhooks[0].url must be an absolute http(s) URL",
            "{'url':'ftp://hooks.example.com/x'}         | webhooks[0].url must be an absolute http(s) URL",
            "{'url':'file:///etc/passwd'}                | webhooks[0].url must be an absolute http(s) URL",
            "{'url':'http:opaque'}                       | webhooks[0].url must be an absolute http(s) URL",
            "{'url':'https://h.example:70000/'}          | webhooks[0].url has port 70000; ports go up to 65535",
            "{'url':'https://user:pw@h.example/'}        | webhooks[0].url must not carry credentials (user:password@)",
            "{'url':'https://h.example/','filter':[]}   | webhooks[0].filter must be an object",
            "{'url':'https://h.example/','filter':{'types':'llm.*'}}       | webhooks[0].filter.types must be an array of strings",
            "{'url':'https://h.example/','filter':{'types':['a',1]}}       | webhooks[0].filter.types[1] must be a string",
            "{'url':'https://h.example/','filter':{'levels':['info','loud']}} | webhooks[0].filter.levels[1] must be one of debug, info, warn, error, got 'loud'",
            "{'url':'https://h.example/','filter':{'includeStatus':'false'}} | webhooks[0].filter.includeStatus must be true or false",
            "{'url':'https://h.example/','secret':''}    | webhooks[0].secret must be a non-empty string",
            "{'url':'https://h.example/','secret':123}   | webhooks[0].secret must be a non-empty string",
            "{'url':'https://h.example/','secret':'whsec_'} | webhooks[0].secret starts with whsec_ but is not followed by a base64 key",
            "{'url':'https://h.example/','secret':'whsec_not*base64'} | webhooks[0].secret starts with whsec_ but is not followed by a base64 key",
            "{'url':'https://h.example/','wrap':'false'} | webhooks[0].wrap must be true or false",
            "{'url':'https://h.example/','retry':{'backoff':'slow'}} | webhooks[0].retry.backoff must be one of fixed, linear, exponential",
            "42                                          | webhooks[0] must be an object",
            "['https://h.example/']                     | webhooks[0] must be an object",
    })
    void shouldRejectABadWebhookNamingTheField(String webhook, String message) {
        assertThatThrownBy(() -> parseOne(webhook))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void shouldSayWhyAUrlDoesNotParse() {
        assertThatThrownBy(() -> parseOne("{'url':'https://h.example/a b'}"))
                .hasMessageStartingWith("webhooks[0].url must be an absolute http(s) URL (")
                .hasMessageContaining("index 19");
        assertThatThrownBy(() -> parseOne("{'url':'https://'}"))
                .hasMessageStartingWith("webhooks[0].url must be an absolute http(s) URL");
    }

    @Test
    void shouldNameTheIndexOfTheBadWebhook() {
        JsonNode webhooks = json("[{'url':'https://ok.example/'},{'url':'https://ok.example/','retry':{'timeoutMs':0}}]");

        assertThatThrownBy(() -> WebhookConfigs.parseAll(webhooks, DEFAULT_RETRY))
                .hasMessage("webhooks[1].retry.timeoutMs must be from 1 to 300000 (milliseconds)");
    }

    @Test
    void shouldTreatAbsentWebhooksAsNoneAndRefuseANonArray() {
        assertThat(WebhookConfigs.parseAll(null, DEFAULT_RETRY)).isEmpty();
        assertThat(WebhookConfigs.parseAll(json("null"), DEFAULT_RETRY)).isEmpty();
        assertThat(WebhookConfigs.parseAll(json("[]"), DEFAULT_RETRY)).isEmpty();
        assertThatThrownBy(() -> WebhookConfigs.parseAll(json("{'url':'https://h.example/'}"), DEFAULT_RETRY))
                .hasMessage("webhooks must be an array");
    }

    @Test
    void shouldNeverPrintTheSecret() {
        WebhookConfig config = parseOne("{'url':'https://h.example/','secret':'top-secret-value'}");

        assertThat(config.toString()).doesNotContain("top-secret-value").contains("secret=***", "url=https://h.example/");
        assertThat(WebhookConfig.of(URI.create("https://h.example/")).toString()).contains("secret=none");
    }

    private static WebhookConfig parseOne(String webhook) {
        return WebhookConfigs.parseAll(json("[" + webhook + "]"), DEFAULT_RETRY).get(0);
    }

    private static TaskEvent event(String type, Level level) {
        return new TaskEvent("01J0EVENT", "t1", 0, 1_700_000_000_000L, type, level, null, null, null, null, null);
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }
}
