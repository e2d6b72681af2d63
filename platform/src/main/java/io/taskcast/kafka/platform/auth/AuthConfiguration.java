package io.taskcast.kafka.platform.auth;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The authentication and authorization beans, imported by the REST API role. Only Spring Security's
 * JWT decoder and validators are used; no security filter chain is installed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
public class AuthConfiguration {

    /** Built at start-up, so an unreadable or malformed key stops start-up naming its setting. */
    @Bean
    ReactiveJwtDecoder taskcastJwtDecoder(AuthProperties auth) {
        return auth.jwtMode() ? TokenDecoders.create(auth.jwt()) : TokenDecoders.disabled();
    }

    @Bean
    Authenticator authenticator(AuthProperties auth, ReactiveJwtDecoder taskcastJwtDecoder) {
        return new Authenticator(auth, taskcastJwtDecoder);
    }

    @Bean
    Authorizer authorizer(AuthProperties auth) {
        return new Authorizer(auth.jwtMode());
    }
}
