package io.taskcast.kafka.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one webhook attempt: a POST of the given bytes and headers, checked by {@link SsrfGuard}
 * first, bounded by a timeout that covers the whole exchange (connect, headers and body), never
 * following a redirect. The response body is read and discarded so the connection can be reused.
 *
 * <p>Rebinding: the JDK 17 HTTP client resolves the host itself when it connects and offers no
 * hook to see or choose the address. It resolves through the JVM's address cache, which
 * {@link SsrfGuard.Resolver#system()} has just filled, so the connection uses an address the
 * guard judged unless that cache entry expires in between (default lifetime 30 s,
 * {@code networkaddress.cache.ttl}). HTTPS targets are safe even then: a rebound internal server
 * cannot present a certificate for the webhook's host name.
 */
public final class WebhookSender {

    private final HttpClient client;
    private final SsrfGuard guard;

    /** @param client must not follow redirects; see {@link #newHttpClient} */
    public WebhookSender(HttpClient client, SsrfGuard guard) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the webhook HTTP client must not follow redirects; a redirect "
                    + "could lead to a target the SSRF guard never checked");
        }
        this.client = client;
        this.guard = guard;
    }

    /**
     * HTTP/1.1 with pooled connections, no redirects, and no proxy even when the JVM has proxy
     * settings: through a proxy, the address the guard judged would not be the one connected to.
     */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /** Sends {@code body} with {@code headers} to {@code url}; never throws for anything the receiver does. */
    public DeliveryOutcome send(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        long started = System.nanoTime();
        SsrfGuard.Verdict verdict = guard.check(url);
        if (!verdict.allowed()) {
            return DeliveryOutcome.failed(DeliveryOutcome.Kind.REFUSED, verdict.reason(), since(started));
        }
        CompletableFuture<HttpResponse<Void>> response =
                client.sendAsync(request(url, headers, body, timeout), HttpResponse.BodyHandlers.discarding());
        try {
            HttpResponse<Void> answer = response.get(remaining(timeout, started), TimeUnit.NANOSECONDS);
            String location = answer.headers().firstValue("Location").orElse(null);
            return DeliveryOutcome.answered(answer.statusCode(), location, since(started));
        } catch (TimeoutException e) {
            response.cancel(true);
            return timedOut(timeout, started);
        } catch (ExecutionException e) {
            return failure(e.getCause(), timeout, started);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryOutcome.failed(DeliveryOutcome.Kind.INTERRUPTED, "interrupted while sending", since(started));
        }
    }

    private static HttpRequest request(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(timeout);
        headers.forEach(request::header);
        return request.build();
    }

    private static DeliveryOutcome failure(Throwable cause, Duration timeout, long started) {
        if (cause instanceof HttpTimeoutException) {
            return timedOut(timeout, started);
        }
        String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return DeliveryOutcome.failed(DeliveryOutcome.Kind.CONNECTION_FAILED,
                "request failed: " + cause.getClass().getSimpleName() + detail, since(started));
    }

    private static DeliveryOutcome timedOut(Duration timeout, long started) {
        return DeliveryOutcome.failed(DeliveryOutcome.Kind.TIMEOUT,
                "no complete response within " + timeout.toMillis() + " ms", since(started));
    }

    /** The time the address check took counts against the attempt's timeout. */
    private static long remaining(Duration timeout, long started) {
        return Math.max(0, timeout.toNanos() - (System.nanoTime() - started));
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
