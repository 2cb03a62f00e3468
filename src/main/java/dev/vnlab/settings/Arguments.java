package dev.vnlab.settings;

/** The options a command line gives, as settings read them: what was typed, and the preset chosen. */
public interface Arguments {
    /** True if the option (without dashes) was given on the command line. */
    boolean given(String option);

    /** The text the option was given with; null for a flag or an option not given. */
    String string(String option);

    /** True under {@code --preset paper}. */
    boolean paper();

    /** No options given: the quick preset. */
    Arguments NONE = new Arguments() {
        @Override public boolean given(String option) { return false; }

        @Override public String string(String option) { return null; }

        @Override public boolean paper() { return false; }
    };
}
