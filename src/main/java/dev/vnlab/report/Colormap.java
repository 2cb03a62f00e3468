package dev.vnlab.report;

import java.awt.Color;

/**
 * A map from [0, 1] to colours: equally spaced sRGB stops, linearly interpolated between.
 */
public final class Colormap {
    /**
     * Viridis (perceptually uniform, readable in greyscale and by colour-blind readers): 33
     * stops resampled from matplotlib's 256-entry table (CC0), within 2/255 of it everywhere;
     * dark purple {@code #440154} at 0, yellow {@code #fde725} at 1.
     */
    public static final Colormap VIRIDIS = of(
            0x440154, 0x470d60, 0x48186a, 0x482374, 0x472d7b, 0x453681, 0x424086, 0x3f4989,
            0x3b528b, 0x375a8d, 0x33638d, 0x2f6a8e, 0x2c728e, 0x297a8e, 0x26818e, 0x23898e,
            0x21908c, 0x1f988b, 0x1f9f88, 0x21a685, 0x28ae80, 0x31b57b, 0x3ebc74, 0x4cc26c,
            0x5dc963, 0x6ece58, 0x82d34c, 0x96d83f, 0xabdc32, 0xc0df24, 0xd5e21a, 0xeae51a,
            0xfde725);

    /** Greys from black at 0 to white at 1. */
    public static final Colormap GREYS = of(0x000000, 0xffffff);

    private final int[] stops;

    private Colormap(int[] stops) {
        this.stops = stops;
    }

    /**
     * A map through these 0xRRGGBB stops, the first at 0 and the last at 1, equally spaced.
     *
     * @throws IllegalArgumentException if there are fewer than two stops
     */
    public static Colormap of(int... rgb) {
        if (rgb.length < 2) throw new IllegalArgumentException("colour map has " + rgb.length + " stops; expected at least 2");
        int[] s = rgb.clone();
        for (int i = 0; i < s.length; i++) s[i] &= 0xffffff;
        return new Colormap(s);
    }

    /** The colour at {@code t} as 0xRRGGBB; t is clamped to [0, 1]; the stops are returned exactly at 0 and 1. */
    public int rgb(double t) {
        if (Double.isNaN(t)) throw new IllegalArgumentException("colour map position NaN is invalid; expected a number in [0, 1]");
        double p = Math.min(1, Math.max(0, t)) * (stops.length - 1);
        int i = Math.min((int) p, stops.length - 2);
        double f = p - i;
        int a = stops[i], b = stops[i + 1];
        int r = mix(a >> 16 & 0xff, b >> 16 & 0xff, f), g = mix(a >> 8 & 0xff, b >> 8 & 0xff, f), bl = mix(a & 0xff, b & 0xff, f);
        return r << 16 | g << 8 | bl;
    }

    /** {@link #rgb} as a {@link Color}. */
    public Color color(double t) {
        return new Color(rgb(t));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
