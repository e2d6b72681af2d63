package io.taskcast.kafka.ingest.web;

/** The error body of every failed request (api.md §5). */
public record ApiError(String error, String code) {
}
