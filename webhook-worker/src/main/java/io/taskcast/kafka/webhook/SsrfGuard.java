package io.taskcast.kafka.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Decides whether a webhook URL may be called. Webhook URLs come from whoever may create tasks, so
 * without this check they could make the worker reach its own network (server-side request
 * forgery). The host is resolved and the URL is refused if <em>any</em> of its addresses is refused,
 * so a name that lists one public and one internal address cannot pick its target by luck.
 *
 * <p>Policy by {@link AddressKind}: public addresses pass; loopback only with
 * {@value #ALLOW_LOOPBACK_PROPERTY}; private, link-local and shared (CGNAT) addresses only with
 * {@value #ALLOW_PRIVATE_PROPERTY} (one flag: all three mean "inside our network", and a
 * deployment that sends webhooks to internal services needs them together). Cloud metadata,
 * unspecified, multicast and reserved addresses are always refused: no receiver lives there, and
 * metadata endpoints hand out credentials, which is what an attacker is after.
 *
 * <p>DNS can answer differently between this check and the connection (rebinding).
 * {@link #vet(String, InetAddress)} judges one address, for a sender that sees the address it
 * connects to; {@link WebhookSender} explains how it narrows that window.
 */
public final class SsrfGuard {

    public static final String ALLOW_LOOPBACK_PROPERTY = "taskcast.webhooks.allow-loopback-targets";
    public static final String ALLOW_PRIVATE_PROPERTY = "taskcast.webhooks.allow-private-targets";

    /** Resolves a host name or IP literal to every address it stands for. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        /** The JVM's resolver, with its cache (see {@link WebhookSender}). */
        static Resolver system() {
            return host -> List.of(InetAddress.getAllByName(host));
        }
    }

    /**
     * @param reason    why the target is refused; null when allowed
     * @param addresses what the host resolved to (empty when resolution failed)
     */
    public record Verdict(boolean allowed, String reason, List<InetAddress> addresses) {
        public Verdict {
            addresses = List.copyOf(addresses);
        }

        static Verdict allow(List<InetAddress> addresses) {
            return new Verdict(true, null, addresses);
        }

        static Verdict refuse(String reason, List<InetAddress> addresses) {
            return new Verdict(false, reason, addresses);
        }
    }

    private final boolean allowLoopback;
    private final boolean allowPrivate;
    private final Resolver resolver;

    public SsrfGuard(boolean allowLoopback, boolean allowPrivate) {
        this(allowLoopback, allowPrivate, Resolver.system());
    }

    public SsrfGuard(boolean allowLoopback, boolean allowPrivate, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Resolves the URL's host and judges every address. */
    public Verdict check(URI url) {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Verdict.refuse("webhook target " + url + " has no host; refused", List.of());
        }
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Verdict.refuse("webhook target host " + host + " cannot be resolved (" + e.getMessage() + ")",
                    List.of());
        }
        if (addresses.isEmpty()) {
            return Verdict.refuse("webhook target host " + host + " resolved to no address", List.of());
        }
        for (InetAddress address : addresses) {
            Verdict verdict = vet(host, address);
            if (!verdict.allowed()) {
                return Verdict.refuse(verdict.reason(), addresses);
            }
        }
        return Verdict.allow(addresses);
    }

    /** Judges one address that {@code host} resolved to, e.g. the one a connection is about to use. */
    public Verdict vet(String host, InetAddress address) {
        AddressKind kind = AddressClassifier.classify(address);
        if (allows(kind)) {
            return Verdict.allow(List.of(address));
        }
        String flag = flagFor(kind);
        String why = flag == null ? "always refused" : "refused (set " + flag + "=true to allow it)";
        return Verdict.refuse("webhook target " + describe(host, address) + " is a " + kind.description()
                + " address; " + why, List.of(address));
    }

    private boolean allows(AddressKind kind) {
        return switch (kind) {
            case PUBLIC -> true;
            case LOOPBACK -> allowLoopback;
            case PRIVATE, LINK_LOCAL, SHARED -> allowPrivate;
            case METADATA, UNSPECIFIED, MULTICAST, RESERVED -> false;
        };
    }

    /** The property that would let {@code kind} through, or null when none does. */
    private static String flagFor(AddressKind kind) {
        return switch (kind) {
            case LOOPBACK -> ALLOW_LOOPBACK_PROPERTY;
            case PRIVATE, LINK_LOCAL, SHARED -> ALLOW_PRIVATE_PROPERTY;
            default -> null;
        };
    }

    private static String describe(String host, InetAddress address) {
        String literal = address.getHostAddress();
        return host == null || host.equalsIgnoreCase(literal) ? literal : host + " (" + literal + ")";
    }
}
