package dev.vnlab.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A command's options after parsing, with typed getters whose errors name the option. */
public final class ParsedArgs {
    private final String command;
    private final Map<String, String> values;
    private final List<String> positional;

    private ParsedArgs(String command, Map<String, String> values, List<String> positional) {
        this.command = command;
        this.values = values;
        this.positional = positional;
    }

    /**
     * Parses {@code --name value}, {@code --name=value} and flags against the declared options.
     *
     * @throws UsageException for an unknown option, a missing value or a value given to a flag
     */
    public static ParsedArgs parse(String command, List<Option> options, String[] args) {
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
                    value = args[++i];
                }
                values.put(name, value);
            }
        }
        for (Option o : options) {
            if (!o.isFlag() && o.defaultValue() != null) values.putIfAbsent(o.name(), o.defaultValue());
        }
        return new ParsedArgs(command, values, positional);
    }

    public boolean flag(String name) { return values.containsKey(name); }

    public boolean has(String name) { return values.containsKey(name); }

    public String string(String name) { return values.get(name); }

    public List<String> positional() { return Collections.unmodifiableList(positional); }

    /** An integer option within [min, max]. */
    public int integer(String name, int min, int max) {
        String s = values.get(name);
        if (s == null) throw new UsageException("--" + name + " is required");
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

    public String command() { return command; }
}
