package dev.vnlab.cli;

import dev.vnlab.settings.Option;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's options after parsing, with typed getters whose errors name the option, and the
 * environment the command runs in (sweeps read their shard from it).
 */
public final class ParsedArgs implements dev.vnlab.settings.Arguments {
    /** The presets of {@code --preset}. */
    public static final List<String> PRESETS = List.of("quick", "paper");

    private final String command;
    private final Map<String, String> values;
    private final Set<String> given;
    private final List<String> positional;
    private final Map<String, String> env;

    private ParsedArgs(String command, Map<String, String> values, Set<String> given, List<String> positional, Map<String, String> env) {
        this.command = command;
        this.values = values;
        this.given = given;
        this.positional = positional;
        this.env = env;
    }

    /** {@link #parse(String, List, String[], Map)} in an empty environment. */
    public static ParsedArgs parse(String command, List<Option> options, String[] args) {
        return parse(command, options, args, Map.of());
    }

    /**
     * Parses {@code --name value}, {@code --name=value} and flags against the declared options;
     * options not given take their default, or their paper default under {@code --preset paper}
     * when the command declares a {@code preset} option.
     *
     * @throws UsageException for an unknown option, a missing value (or an option where the
     *         value should be), a value given to a flag or an unknown preset
     */
    public static ParsedArgs parse(String command, List<Option> options, String[] args, Map<String, String> env) {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : options) byName.put(o.name(), o);
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.equals("--")) {
                positional.add(a);
                continue;
            }
            String name = a.substring(2), value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = byName.get(name);
            if (o == null) {
                throw new UsageException("unknown option --" + name + " for '" + command + "'; see ./vnlab " + command + " --help");
            }
            if (o.isFlag()) {
                if (value != null) throw new UsageException("--" + name + " is a flag and takes no value, but got '" + value + "'");
                values.put(name, "true");
            } else {
                if (value == null) {
                    if (i + 1 >= args.length) throw new UsageException("--" + name + " needs a value (" + o.valueName() + ")");
                    if (args[i + 1].startsWith("--") && args[i + 1].length() > 2) { // an option taken as a value would vanish silently
                        throw new UsageException("--" + name + " needs a value (" + o.valueName() + ") but is followed by the option " + args[i + 1]
                                + "; expected --" + name + " " + o.valueName() + " (or --" + name + "=VALUE for a value that starts with --)");
                    }
                    value = args[++i];
                }
                values.put(name, value);
            }
        }
        Set<String> given = new HashSet<>(values.keySet());
        boolean paper = false;
        if (byName.containsKey("preset")) {
            String preset = values.getOrDefault("preset", byName.get("preset").defaultValue());
            if (!PRESETS.contains(preset)) {
                throw new UsageException("--preset '" + preset + "' is invalid; expected one of " + String.join(", ", PRESETS));
            }
            paper = preset.equals("paper");
        }
        for (Option o : options) {
            if (o.isFlag()) continue;
            String d = paper && o.paperDefault() != null ? o.paperDefault() : o.defaultValue();
            if (d != null) values.putIfAbsent(o.name(), d);
        }
        return new ParsedArgs(command, values, given, positional, Map.copyOf(env));
    }

    public boolean flag(String name) { return values.containsKey(name); }

    /** True if the option has a value, given or by default. */
    public boolean has(String name) { return values.containsKey(name); }

    /** True if the option was given on the command line (not a default). */
    @Override public boolean given(String name) { return given.contains(name); }

    @Override public String string(String name) { return values.get(name); }

    public List<String> positional() { return Collections.unmodifiableList(positional); }

    /** The environment (System.getenv() from {@link Main}, or a map in tests). */
    public Map<String, String> env() { return env; }

    /** True under {@code --preset paper}. */
    @Override public boolean paper() { return "paper".equals(values.get("preset")); }

    /** An integer option within [min, max]. */
    public int integer(String name, int min, int max) {
        String s = required(name);
        try {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) {
                throw new UsageException("--" + name + " " + v + " is out of range; expected " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " '" + s + "' is not a whole number; expected " + min + " to " + max);
        }
    }

    /** A path option: not empty (an empty path would silently mean the current directory). */
    public Path path(String name) {
        String s = required(name);
        if (s.isBlank()) throw new UsageException("--" + name + " '" + s + "' is empty; expected a path");
        try {
            return Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("--" + name + " '" + s.replace("\0", "\\0") + "' is not a valid path (" + e.getReason() + "); expected a path");
        }
    }

    private String required(String name) {
        String s = values.get(name);
        if (s == null) throw new UsageException("--" + name + " is required");
        return s;
    }

    public String command() { return command; }
}
