package io.taskcast.kafka.embedded;

/**
 * An embedded component could not start. The message always names the component, its port and
 * the reason, because it is what a developer sees first when {@code ./taskcast dev} fails.
 */
public final class EmbeddedStartException extends RuntimeException {

    private final String component;

    public EmbeddedStartException(String component, int port, String reason, Throwable cause) {
        super(component + " could not start on port " + port + ": " + reason, cause);
        this.component = component;
    }

    public EmbeddedStartException(String component, int port, String reason) {
        this(component, port, reason, null);
    }

    /** For example "Embedded Redis". */
    public String component() {
        return component;
    }
}
