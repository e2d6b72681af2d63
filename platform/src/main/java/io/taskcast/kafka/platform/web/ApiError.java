package io.taskcast.kafka.platform.web;

/** The error body of every failed request (api.md §5). */
public record ApiError(String error, String code) {
}
