package dev.vnlab.spectrum;

/**
 * A smoothed spectral density on a grid, with the standard error of each point over the start
 * vectors it was averaged over.
 *
 * @param x the grid (eigenvalues, or their base-10 logarithms)
 * @param density the density at each grid point, per unit of x
 * @param standardError its standard error (NaN from a single start vector)
 */
public record DensityCurve(double[] x, double[] density, double[] standardError) {}
