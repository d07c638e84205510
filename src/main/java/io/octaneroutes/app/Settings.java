package io.octaneroutes.app;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelContext;

/**
 * Typed access to the operator contract's configuration keys. Values come from Camel's
 * properties component: application.properties, then environment variables, then
 * {@code --key=value} arguments.
 */
public final class Settings {
    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    public Optional<String> optional(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String get(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException("configuration key '" + key + "' is not set"));
    }

    public int getInt(String key, int defaultValue) {
        return optional(key).map(Integer::parseInt).orElse(defaultValue);
    }

    public Duration duration(String key, String defaultValue) {
        String value = get(key, defaultValue);
        try {
            // Camel's own parsing: 500ms, 10s, 30m, 1h30m, 2d, plain milliseconds
            return org.apache.camel.util.TimeUtils.toDuration(value);
        } catch (RuntimeException e) {
            // Camel's parser throws more than IllegalArgumentException (e.g. StringIndexOutOfBounds for "soon")
            throw new IllegalStateException("configuration key '" + key + "' is not a duration such as 500ms, 10s, 30m, 1h", e);
        }
    }

    public boolean flag(String key, boolean defaultValue) {
        return optional(key).map(Boolean::parseBoolean).orElse(defaultValue);
    }
}
