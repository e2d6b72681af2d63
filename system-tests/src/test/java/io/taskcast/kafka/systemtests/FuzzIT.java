package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write route takes 5,000 random or mutated bodies: none may cause a 5xx or hang (the client
 * gives each request 30 s). The seed is printed, so a failure can be replayed.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class FuzzIT {

    private static final int BODIES_PER_ROUTE = 5_000;
    private static final List<String> SEEDS = List.of(
            "{\"id\":\"x\",\"type\":\"t\",\"params\":{\"a\":1},\"metadata\":{},\"ttl\":60,\"tags\":[\"a\"]}",
            "{\"status\":\"running\",\"result\":{\"k\":\"v\"},\"error\":{\"message\":\"m\",\"code\":\"C\"},\"ttl\":5}",
            "{\"status\":\"blocked\",\"reason\":\"r\",\"resumeAfterMs\":100,\"blockedRequest\":{\"type\":\"q\",\"data\":{}}}",
            "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"x\"},\"seriesId\":\"s\",\"seriesMode\":\"accumulate\"}",
            "[{\"type\":\"a\",\"data\":1},{\"type\":\"b\",\"level\":\"warn\",\"data\":null,\"seriesMode\":\"latest\",\"seriesId\":\"z\"}]",
            "{\"data\":{\"approved\":true}}");
    private static final String[] TOKENS = {"null", "true", "-1", "0", "1e400", "\"\"", "[]", "{}", "\"\\u0000\"",
            "9223372036854775808", "\"pending\"", "\"completed\"", "1.5", "\"*\"", "\"🚀\"", "{\"a\":", "]"};

    private static Http http;

    @BeforeAll
    static void createTargets(Http http) {
        FuzzIT.http = http;
        for (String id : List.of("fuzz-pending", "fuzz-running", "fuzz-done")) {
            http.post("/tasks", "{\"id\":\"" + id + "\"}");
        }
        http.patch("/tasks/fuzz-running/status", "{\"status\":\"running\"}");
        http.patch("/tasks/fuzz-done/status", "{\"status\":\"cancelled\"}");
    }

    @Test
    void shouldAnswerEveryMalformedBodyWithoutAServerErrorOrHanging() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FuzzIT seed: " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<Callable<String>> requests = new ArrayList<>();
        for (int i = 0; i < BODIES_PER_ROUTE; i++) {
            String task = List.of("fuzz-pending", "fuzz-running", "fuzz-done", "fuzz-missing").get(random.nextInt(4));
            requests.add(call("POST", "/tasks", body(random)));
            requests.add(call("PATCH", "/tasks/" + task + "/status", body(random)));
            requests.add(call("POST", "/tasks/" + task + "/events", body(random)));
            requests.add(call("POST", "/tasks/" + task + "/resolve", body(random)));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> failures = new ArrayList<>();
        try {
            for (Future<String> f : pool.invokeAll(requests)) {
                String failure = f.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).as("requests answered 5xx or not at all (seed %d)", seed).isEmpty();
    }

    /** Null when the answer is fine; otherwise what went wrong. */
    private static Callable<String> call(String method, String path, String body) {
        return () -> {
            try {
                Http.Response r = method.equals("PATCH") ? http.patch(path, body) : http.post(path, body);
                return r.status() >= 500 ? method + " " + path + " " + body + " → " + r.status() + " " + r.body() : null;
            } catch (RuntimeException e) {
                return method + " " + path + " " + body + " → " + e;
            }
        };
    }

    private static String body(SplittableRandom random) {
        String seed = SEEDS.get(random.nextInt(SEEDS.size()));
        return switch (random.nextInt(6)) {
            case 0 -> seed;
            case 1 -> flipCharacters(seed, random);
            case 2 -> replaceAValue(seed, random);
            case 3 -> seed.substring(0, random.nextInt(seed.length()));
            case 4 -> "[".repeat(random.nextInt(2000)) + "]".repeat(random.nextInt(2000));
            default -> TOKENS[random.nextInt(TOKENS.length)];
        };
    }

    private static String flipCharacters(String s, SplittableRandom random) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
        }
        return new String(chars);
    }

    private static String replaceAValue(String s, SplittableRandom random) {
        int colon = s.indexOf(':', random.nextInt(s.length()));
        if (colon < 0) {
            return s;
        }
        int end = colon + 1;
        while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != '}') {
            end++;
        }
        return s.substring(0, colon + 1) + TOKENS[random.nextInt(TOKENS.length)] + s.substring(end);
    }
}
