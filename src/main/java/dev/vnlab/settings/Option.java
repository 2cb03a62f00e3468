package dev.vnlab.settings;

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

    /** {@link #preset(String, String, String, String, String)} from the quick and paper presets' numbers. */
    public static Option preset(String name, String valueName, int quick, int paper, String help) {
        return presetText(name, valueName, String.valueOf(quick), String.valueOf(paper), help);
    }

    /** {@link #preset(String, String, String, String, String)} from the quick and paper presets' numbers. */
    public static Option preset(String name, String valueName, double quick, double paper, String help) {
        return presetText(name, valueName, String.valueOf(quick), String.valueOf(paper), help);
    }

    /** {@link #preset(String, String, String, String, String)} from the quick and paper presets' lists, written comma-separated. */
    public static Option preset(String name, String valueName, int[] quick, int[] paper, String help) {
        return presetText(name, valueName, list(quick), list(paper), help);
    }

    /** A preset option whose paper default is left out when it equals the quick one. */
    private static Option presetText(String name, String valueName, String quick, String paper, String help) {
        return new Option(name, valueName, quick, paper.equals(quick) ? null : paper, help);
    }

    private static String list(int[] v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) s.append(i == 0 ? "" : ",").append(v[i]);
        return s.toString();
    }

    public boolean isFlag() { return valueName == null; }
}
