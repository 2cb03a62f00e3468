package dev.vnlab.cli;

/**
 * One command-line option: {@code --name VALUE}, or a flag when {@code valueName} is null.
 *
 * @param name without the leading dashes
 * @param valueName shown in help, e.g. "DIR"; null for a flag
 * @param defaultValue the value when the option is not given (the quick preset's); null when there is none
 * @param paperDefault the value under {@code --preset paper} when the option is not given; null
 *        when it is the same as {@code defaultValue}
 * @param help one line
 */
public record Option(String name, String valueName, String defaultValue, String paperDefault, String help) {
    public static Option flag(String name, String help) { return new Option(name, null, null, null, help); }

    public static Option value(String name, String valueName, String defaultValue, String help) {
        return new Option(name, valueName, defaultValue, null, help);
    }

    /** An option whose default depends on {@code --preset}: {@code quick} for the quick preset, {@code paper} for the paper's settings. */
    public static Option preset(String name, String valueName, String quick, String paper, String help) {
        return new Option(name, valueName, quick, paper, help);
    }

    public boolean isFlag() { return valueName == null; }
}
