package io.taskcast.kafka.launcher;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables {@code taskcast run} really reads, taken from the code rather than a
 * list kept by hand: the aliases of {@link EnvironmentAliases} and every {@code ${env:NAME}} default
 * of the options of {@link RunCommand} and its mixins.
 */
final class LauncherEnvironment {

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");

    private LauncherEnvironment() {
    }

    static Set<String> namesReadByRun() {
        Set<String> names = new TreeSet<>(EnvironmentAliases.ALIASES.keySet());
        collectOptionDefaults(RunCommand.class, names);
        return names;
    }

    private static void collectOptionDefaults(Class<?> command, Set<String> names) {
        for (Field field : command.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option != null) {
                Matcher matcher = ENV_DEFAULT.matcher(option.defaultValue());
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
            if (field.isAnnotationPresent(Mixin.class)) {
                collectOptionDefaults(field.getType(), names);
            }
        }
    }
}
