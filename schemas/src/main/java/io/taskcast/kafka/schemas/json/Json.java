package io.taskcast.kafka.schemas.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the system: topics, Redis values and HTTP bodies all use it, so a
 * record reads back the same wherever it was written. Unknown properties are ignored (a newer
 * producer may add fields); absent optionals are omitted.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // 1.5 is not a valid ttl or index; never round it silently.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private Json() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String toString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses {@code bytes}; Jackson's unchecked {@link JacksonException} says what is wrong. */
    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        return MAPPER.readValue(bytes, type);
    }

    public static <T> T fromString(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
