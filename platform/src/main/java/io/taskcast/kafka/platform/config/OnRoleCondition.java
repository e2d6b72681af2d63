package io.taskcast.kafka.platform.config;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.List;
import java.util.Map;

/** Reads {@code taskcast.roles}; an unknown role name stops start-up with the list of valid ones. */
final class OnRoleCondition implements Condition {

    static final String PROPERTY = "taskcast.roles";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
        Role wanted = (Role) attributes.get("value");
        List<String> configured = Binder.get(context.getEnvironment())
                .bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of());
        return configured.isEmpty() || configured.stream().map(OnRoleCondition::parse).anyMatch(wanted::equals);
    }

    private static Role parse(String name) {
        return Role.fromWire(name).orElseThrow(() -> new IllegalArgumentException(
                PROPERTY + " contains unknown role '" + name + "'; valid roles: processor, ingest, gateway, webhooks"));
    }
}
