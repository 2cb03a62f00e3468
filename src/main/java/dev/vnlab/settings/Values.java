package dev.vnlab.settings;

import java.util.HashMap;
import java.util.Map;

/** The values of an experiment's settings, gathered by a {@link Schema} before its settings record is built. */
public final class Values {
    private final Map<Object, Object> values = new HashMap<>();

    /** Sets a setting's value. */
    public <T> void put(Setting<T> setting, T value) {
        values.put(setting, value);
    }

    /** Sets a value a part gathers besides its settings' (whether --critical chose the scales, say), under a key of its own. */
    public void putOther(Object key, Object value) {
        values.put(key, value);
    }

    /**
     * A value {@link #putOther} set.
     *
     * @throws IllegalStateException if none was
     */
    public Object other(Object key) {
        if (!values.containsKey(key)) throw new IllegalStateException(key + " has no value; the schema does not gather it");
        return values.get(key);
    }

    /**
     * A setting's value.
     *
     * @throws IllegalStateException if the schema gathered none for it
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) throw new IllegalStateException(setting + " has no value; the schema does not declare it");
        return (T) values.get(setting);
    }
}
