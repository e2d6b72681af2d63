package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.web.ApiError;
import io.taskcast.kafka.platform.web.ErrorAnswers;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns every failure of an API route into the API's error body ({@link ErrorAnswers}). */
@RestControllerAdvice
public class ErrorResponses {

    private final ErrorAnswers answers;

    public ErrorResponses() {
        this(HookDispatcher.none());
    }

    /** @param hooks told of every error answered with 500 ({@code onUnhandledError}) */
    public ErrorResponses(HookDispatcher hooks) {
        this.answers = new ErrorAnswers("ingest", hooks);
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ApiError> failed(RuntimeException e, ServerHttpRequest request) {
        // The path only (ids, never the query or the body): enough to find the request, nothing secret.
        ErrorAnswers.Answer answer = answers.answer(e, request.getMethod() + " " + request.getPath().value());
        return ResponseEntity.status(answer.status()).body(answer.body());
    }
}
