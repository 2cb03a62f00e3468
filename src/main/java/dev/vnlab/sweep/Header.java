package dev.vnlab.sweep;

import dev.vnlab.report.Json;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;

/**
 * The first line of a results file: the file format, the command and vnlab version that wrote
 * it, the shard, and the experiment's configuration. Two files belong to one sweep when their
 * command, version and configuration are equal ({@link #difference}); the shard may differ.
 *
 * @param command e.g. "depth"
 * @param version the vnlab version
 * @param shard the shard that wrote the file, as "i/n"
 * @param config the configuration in its JSON form (numbers as Long or Double, lists as List)
 */
public record Header(String command, String version, String shard, Map<String, Object> config) {
    /** The format tag of the first line; a file without it is not a results file. */
    public static final String FORMAT = "vnlab-cells/1";

    /** A difference between two headers: the field, and its value in each (as JSON). */
    public record Difference(String field, String mine, String theirs) {}

    /** The header for an experiment's results, its configuration normalised to the JSON form a reader sees. */
    @SuppressWarnings("unchecked")
    public static Header of(Experiment<?> experiment, String version, Shard shard) {
        return new Header(experiment.command(), version, shard.toString(), (Map<String, Object>) Json.parse(Json.write(experiment.config())));
    }

    /** The header as one JSON line (no line end). */
    public String toJsonLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("command", command);
        m.put("version", version);
        m.put("shard", shard);
        m.put("config", config);
        return Json.write(m);
    }

    /**
     * The header a parsed first line holds.
     *
     * @throws IllegalArgumentException if it is not a results-file header
     */
    @SuppressWarnings("unchecked")
    static Header fromJson(Object line) {
        if (!(line instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format")) || !(m.get("command") instanceof String c)
                || !(m.get("version") instanceof String v) || !(m.get("shard") instanceof String s) || !(m.get("config") instanceof Map<?, ?> cfg)) {
            throw new IllegalArgumentException("its first line is not a " + FORMAT + " header");
        }
        return new Header(c, v, s, (Map<String, Object>) cfg);
    }

    /**
     * The first field in which {@code other} differs from this header (command, version, then
     * the configuration's fields in order), or null when both describe the same sweep.
     */
    public Difference difference(Header other) {
        if (!command.equals(other.command)) return new Difference("command", Json.write(command), Json.write(other.command));
        if (!version.equals(other.version)) return new Difference("version", Json.write(version), Json.write(other.version));
        LinkedHashSet<String> fields = new LinkedHashSet<>(config.keySet());
        fields.addAll(other.config.keySet());
        for (String f : fields) {
            Object a = config.get(f), b = other.config.get(f);
            if (!config.containsKey(f) || !other.config.containsKey(f) || !Objects.equals(a, b)) {
                return new Difference(f, config.containsKey(f) ? Json.write(a) : "(absent)", other.config.containsKey(f) ? Json.write(b) : "(absent)");
            }
        }
        return null;
    }
}
