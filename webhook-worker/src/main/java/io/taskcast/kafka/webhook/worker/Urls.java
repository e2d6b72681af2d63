package io.taskcast.kafka.webhook.worker;

import java.net.URI;

/** Webhook URLs for logs: query strings and user info often carry tokens, so they are left out. */
final class Urls {

    private Urls() {
    }

    static String redacted(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?…";
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + path + query;
    }
}
