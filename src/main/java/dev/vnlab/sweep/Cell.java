package dev.vnlab.sweep;

/**
 * One cell of a sweep: a configuration and a seed, at a fixed position in the sweep's order,
 * named by a key that stays the same across runs, shards and machines (the results files
 * record cells by key).
 *
 * @param index the position in the sweep, from 0
 * @param key the stable name, e.g. {@code width=200,net=3}
 * @param params what the experiment reads to run the cell
 * @param <P> the experiment's parameter type
 */
public record Cell<P>(int index, String key, P params) {}
