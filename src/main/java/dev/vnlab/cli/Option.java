package dev.vnlab.cli;

/**
 * One command-line option: {@code --name VALUE}, or a flag when {@code valueName} is null.
 *
 * @param name without the leading dashes
 * @param valueName shown in help, e.g. "DIR"; null for a flag
 * @param defaultValue shown in help; null when there is none
 * @param help one line
 */
public record Option(String name, String valueName, String defaultValue, String help) {
    public static Option flag(String name, String help) { return new Option(name, null, null, help); }

    public static Option value(String name, String valueName, String defaultValue, String help) {
        return new Option(name, valueName, defaultValue, help);
    }

    public boolean isFlag() { return valueName == null; }
}
