package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.web.ApiException;
/** Reading query parameters; every problem becomes a 400 {@code INVALID_QUERY} naming the parameter. */
final class QueryParams {

    static final String INVALID_QUERY = "INVALID_QUERY";

    private QueryParams() {
    }

    static ApiException invalid(String message) {
        return new ApiException(400, INVALID_QUERY, message);
    }

    /** A present parameter must not be empty; null when absent. */
    static String nonEmpty(String name, String value) {
        if (value != null && value.isEmpty()) {
            throw invalid(name + " must not be empty");
        }
        return value;
    }

    static Long integer(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name + " must be an integer, got '" + value + "'");
        }
    }

    static Integer positiveInt(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw invalid(name + " must be a positive integer, got '" + value + "'");
    }
}
