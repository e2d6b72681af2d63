package io.taskcast.kafka.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Cross-origin requests (taskcast-extras.md §4) for every HTTP role: a filter that answers
 * preflights and adds the CORS headers before any route, present only when origins are configured.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(CorsProperties.class)
public class CrossOriginAutoConfiguration {

    @Bean
    @ConditionalOnProperty("taskcast.cors.origin")
    CorsWebFilter corsWebFilter(CorsProperties cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors.configuration());
        return new CorsWebFilter(source);
    }
}
