package dev.vnlab.metrics;

import dev.vnlab.linalg.DoubleMatrix;

/**
 * An order of the nodes that puts correlated nodes next to each other, for heatmaps of
 * {@code rho^2} (Fig. 3.2): the leaf order of an average-linkage (UPGMA) clustering with distance
 * {@code 1 - rho_ij^2}. Built by the nearest-neighbour-chain algorithm in O(N^2) time and memory;
 * ties go to the lower index, so the order is a function of the matrix alone.
 */
public final class NodeOrdering {
    private NodeOrdering() {}

    /**
     * The clustered order of a matrix of squared correlations (N x N, symmetric, entries in
     * [0, 1]; only the upper triangle is read; not modified): a permutation of 0..N-1, position
     * p holding the node shown at p.
     *
     * @throws IllegalArgumentException if the matrix is not square or holds an entry outside [0, 1]
     */
    public static int[] cluster(DoubleMatrix rho2) {
        int n = rho2.rows();
        if (rho2.cols() != n) throw new IllegalArgumentException("correlation matrix is " + n + "x" + rho2.cols() + "; expected a square matrix");
        double[] d = new double[n * n]; // distances between active clusters, upper and lower kept equal
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double r = rho2.get(i, j);
                if (!(r >= 0 && r <= 1)) {
                    throw new IllegalArgumentException("rho^2[" + i + "][" + j + "] = " + r + " is invalid; expected a value in [0, 1]");
                }
                d[i * n + j] = d[j * n + i] = 1 - r;
            }
        }
        int[] size = new int[n];
        int[] left = new int[n], right = new int[n]; // children of the cluster stored at the surviving index
        int[] id = new int[n]; // dendrogram id of the cluster at each index: ids < n are leaves, n + t is merge t
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            size[i] = 1;
            id[i] = i;
            active[i] = true;
        }
        int[] chain = new int[n];
        int top = 0, merges = 0;
        while (merges < n - 1) {
            if (top == 0) {
                int first = 0;
                while (!active[first]) first++;
                chain[top++] = first;
            }
            int a = chain[top - 1];
            int prev = top > 1 ? chain[top - 2] : -1;
            // Nearest active neighbour of a; prefer the previous chain element on ties so the chain ends.
            int b = prev;
            double best = prev >= 0 ? d[a * n + prev] : Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == a || !active[j]) continue;
                double v = d[a * n + j];
                if (v < best) { // strict: ties keep prev, else the lowest index
                    best = v;
                    b = j;
                }
            }
            if (b != prev) {
                chain[top++] = b;
                continue;
            }
            // a and b are reciprocal nearest neighbours: merge them into the lower index.
            top -= 2;
            int keep = Math.min(a, b), gone = Math.max(a, b);
            int sa = size[keep], sb = size[gone];
            for (int j = 0; j < n; j++) {
                if (!active[j] || j == keep || j == gone) continue;
                double v = (sa * d[keep * n + j] + sb * d[gone * n + j]) / (sa + sb); // Lance-Williams, average linkage
                d[keep * n + j] = d[j * n + keep] = v;
            }
            active[gone] = false;
            size[keep] = sa + sb;
            left[merges] = id[keep];
            right[merges] = id[gone];
            id[keep] = n + merges;
            merges++;
        }
        int[] order = new int[n];
        if (n == 0) return order;
        // Leaves of the dendrogram, left subtree first, by an explicit stack (depth can reach N).
        int[] stack = new int[2 * n];
        int sp = 0, out = 0;
        stack[sp++] = n == 1 ? 0 : n + merges - 1;
        while (sp > 0) {
            int v = stack[--sp];
            if (v < n) {
                order[out++] = v;
            } else {
                stack[sp++] = right[v - n];
                stack[sp++] = left[v - n];
            }
        }
        return order;
    }

    /**
     * {@code a} with rows and columns permuted: entry (p, q) of the result is
     * {@code a[order[p]][order[q]]}. A new N x N matrix; a is not modified.
     *
     * @throws IllegalArgumentException if a is not square or order is not a permutation of its size
     */
    public static DoubleMatrix permute(DoubleMatrix a, int[] order) {
        int n = a.rows();
        if (a.cols() != n || order.length != n) {
            throw new IllegalArgumentException("cannot permute a " + n + "x" + a.cols() + " matrix by an order of " + order.length + " nodes; expected a square matrix and a permutation of its size");
        }
        boolean[] seen = new boolean[n];
        for (int v : order) {
            if (v < 0 || v >= n || seen[v]) throw new IllegalArgumentException("order holds " + v + " twice or out of range; expected a permutation of 0.." + (n - 1));
            seen[v] = true;
        }
        DoubleMatrix p = new DoubleMatrix(n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) p.set(i, j, a.get(order[i], order[j]));
        return p;
    }
}
