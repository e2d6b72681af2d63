package io.taskcast.kafka.platform.auth;

/**
 * A request refused by authentication (401) or authorization (403). The web layer turns it into
 * the API's error body {@code {"error": message, "code": code}}.
 */
public final class AuthException extends RuntimeException {

    private final int status;
    private final String code;

    private AuthException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static AuthException unauthorized(String message) {
        return new AuthException(401, "UNAUTHORIZED", message);
    }

    public static AuthException forbidden() {
        return new AuthException(403, "FORBIDDEN", "Forbidden");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
