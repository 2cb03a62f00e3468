package dev.vnlab.experiment;

import static dev.vnlab.experiment.CellRecords.text;

import dev.vnlab.experiment.HeatmapExperiment.Panel;
import dev.vnlab.experiment.HeatmapExperiment.Settings;
import dev.vnlab.report.Colormap;
import dev.vnlab.report.Heatmap;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Report;
import dev.vnlab.report.Table;
import dev.vnlab.settings.ConfigFields;
import dev.vnlab.settings.Names;
import dev.vnlab.spectrum.TheoryAlongDepth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outputs of {@link HeatmapExperiment} once its cells have run: summary.json, heatmap.csv,
 * the figures heatmap-depth and heatmap-width (SVG and PNG), report.md with its prose (setup,
 * reading and the re-run command) and the table the command prints. It works only from the
 * cells' records (as {@link HeatmapExperiment#run} returns them or as read back from JSON),
 * never from a network.
 */
final class HeatmapRendering {
    /** The paper's colours: white for rho^2 = 0, black for rho^2 = 1. */
    private static final Colormap WHITE_TO_BLACK = Colormap.of(0xffffff, 0x000000);

    private final Settings settings;
    private final int cellCount;

    /**
     * @param settings the experiment's settings
     * @param cellCount how many distinct networks (cells) the experiment has
     */
    HeatmapRendering(Settings settings, int cellCount) {
        this.settings = settings;
        this.cellCount = cellCount;
    }

    /** A panel's record with its place in the figure, its theory and whether its network collapsed. */
    private record Shown(String row, Map<String, Object> record, int depth, int width, double meanOffDiagonal, double fixedPoint,
                         double finiteDepth, boolean collapsed) {
        double vni() { return ConfigFields.real(record, "vni"); }

        /** The VNI as the text prints it: "collapsed" where it is undefined for that reason. */
        String vniText() { return collapsed ? "collapsed" : text(vni()); }
    }

    /**
     * Writes {@code heatmap.csv} (one row per panel of each figure row), the figures
     * {@code heatmap-depth} and {@code heatmap-width} (SVG and PNG) and {@code report.md} from
     * every cell's record (in any order; as {@link HeatmapExperiment#run} returns them or as read back from JSON).
     *
     * @throws IllegalArgumentException if a panel's record is missing or malformed
     */
    Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        Map<Panel, Map<String, Object>> byPanel = new HashMap<>();
        for (Map<String, Object> r : records) {
            byPanel.put(new Panel(ConfigFields.int32(r, "depth"), ConfigFields.int32(r, "width")), r);
        }
        List<Shown> depthRow = new ArrayList<>(), widthRow = new ArrayList<>();
        for (int l : settings.depthRowDepths()) depthRow.add(shown("depth", byPanel, new Panel(l, settings.depthRowWidth())));
        for (int n : settings.widthRowWidths()) widthRow.add(shown("width", byPanel, new Panel(settings.widthRowDepth(), n)));

        List<String> columns = new ArrayList<>(List.of("figure_row", "depth", "width", "inputs", "collapsed", "vni", "participation_ratio", "dead_fraction",
                "mean_variance", "mean_offdiagonal_rho2", "vni_fixed_point", "vni_finite_depth"));
        if (settings.data() != null) columns.addAll(List.of("input_vni", "input_participation_ratio"));
        Table csv = new Table(columns);
        Table shownTable = new Table("row", "L", "N", "collapsed", "VNI", "1/VNI", "mean ρ²", "dead", "eq. 3.6", "finite L");
        List<Shown> all = new ArrayList<>(depthRow);
        all.addAll(widthRow);
        for (Shown s : all) {
            Map<String, Object> r = s.record;
            List<Object> row = new ArrayList<>(List.of(s.row, s.depth, s.width, ConfigFields.int32(r, "inputs"), s.collapsed, s.vni(),
                    ConfigFields.real(r, "participation_ratio"), ConfigFields.real(r, "dead_fraction"), ConfigFields.real(r, "mean_variance"),
                    s.meanOffDiagonal, s.fixedPoint, s.finiteDepth));
            if (settings.data() != null) {
                row.add(ConfigFields.optionalReal(r, "input_vni"));
                row.add(ConfigFields.optionalReal(r, "input_participation_ratio"));
            }
            csv.add(row.toArray());
            shownTable.add(s.row, s.depth, s.width, s.collapsed, s.vni(), ConfigFields.real(r, "participation_ratio"),
                    s.meanOffDiagonal, ConfigFields.real(r, "dead_fraction"), s.fixedPoint, s.finiteDepth);
        }
        out.writeCsv("heatmap.csv", csv);
        out.writeFigure("heatmap-depth", figure("width N = " + settings.depthRowWidth() + ", growing depth", depthRow, true));
        out.writeFigure("heatmap-width", figure("depth L = " + settings.widthRowDepth() + ", growing width", widthRow, false));

        Report report = new Report("Squared correlations between output nodes (Fig. 3.2)")
                .paragraph(setup(all))
                .table(shownTable)
                .paragraph("Columns: row, the figure row (depth: width fixed, depth growing; width: depth fixed, width growing); L depth; N width; "
                        + "collapsed: whether the panel's network has collapsed (" + Collapse.MEANING + "; its ρ² are shown as 0); "
                        + "VNI, the Vanishing Node Indicator of the last hidden layer (eq. 3.3); 1/VNI, its participation ratio (effective number of nodes); "
                        + "mean ρ², the unweighted mean of the off-diagonal squared correlations the panel shows; dead, the fraction of nodes constant over every input; "
                        + "eq. 3.6, the fixed-point prediction of the VNI; finite L, the finite-depth prediction at the inputs' mean square. Every number exactly in heatmap.csv"
                        + (settings.data() != null ? ", with the VNI and participation ratio of the images' own covariance." : "."))
                .figure("ρ² between the nodes of the last hidden layer, width " + settings.depthRowWidth() + " at growing depth (white 0, black 1; nodes clustered)",
                        "heatmap-depth")
                .figure("ρ² between the nodes of the last hidden layer, depth " + settings.widthRowDepth() + " at growing width (white 0, black 1; nodes clustered)",
                        "heatmap-width")
                .section("Reading")
                .paragraph(reading(depthRow, widthRow));
        out.writeReport(report);
        return new Rendering(report, csv, shownTable.toConsole());
    }

    private Shown shown(String row, Map<Panel, Map<String, Object>> byPanel, Panel p) {
        Map<String, Object> r = byPanel.get(p);
        if (r == null) throw new IllegalArgumentException("no record for cell " + p.key() + "; expected one record per cell");
        double qx = ConfigFields.real(r, "input_second_moment");
        TheoryAlongDepth theory = TheoryAlongDepth.of(settings.activation(), settings.init(), new int[] {p.depth()}, p.width(), qx);
        double fixed = theory.fixedPoint().get(0).vni(), finite = theory.finiteDepth().get(0).vni();
        boolean collapsed = Collapse.of(ConfigFields.real(r, "vni"), ConfigFields.real(r, "mean_variance"));
        return new Shown(row, r, p.depth(), p.width(), meanOffDiagonal(matrix(r, p.width())), fixed, finite, collapsed);
    }

    private static double[][] matrix(Map<String, Object> r, int n) {
        double[][] m = ConfigFields.realRows(r, "rho2");
        if (m.length != n) throw new IllegalArgumentException("cell record field 'rho2' has " + m.length + " rows; expected " + n + ", the width");
        for (double[] row : m) {
            if (row.length != n) throw new IllegalArgumentException("cell record field 'rho2' has a row of " + row.length + " values; expected " + n);
        }
        return m;
    }

    /** The mean of rho_ij^2 over i != j (NaN for a single node). */
    private static double meanOffDiagonal(double[][] m) {
        int n = m.length;
        if (n < 2) return Double.NaN;
        double s = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j) s += m[i][j];
        return s / ((double) n * (n - 1));
    }

    private Heatmap figure(String what, List<Shown> row, boolean depthVaries) {
        Heatmap h = new Heatmap("ρ² between output nodes, " + what).colorLabel("ρ²").colormap(WHITE_TO_BLACK)
                .axisLabels("node (clustered order)", "node").columns(row.size());
        for (Shown s : row) {
            String which = depthVaries ? "L = " + s.depth : "N = " + s.width;
            h.panel(which + (s.collapsed ? ", collapsed" : ", VNI = " + s.vniText()), matrix(s.record, s.width));
        }
        return h;
    }

    private String setup(List<Shown> all) {
        String inputs = settings.data() == null
                ? String.format(Locale.ROOT, "%d i.i.d. Gaussian inputs of variance %s and width N (one input set per width)", settings.inputs(),
                        text(settings.inputVariance()))
                : String.format(Locale.ROOT, "the first %d training images of %s (pixels / 255, not centred; mean square q_x = %s)", settings.inputs(),
                        settings.data(), text(ConfigFields.real(all.get(0).record, "input_second_moment")));
        return String.format(Locale.ROOT, "Squared correlation coefficients ρ²_ij between the nodes of the last hidden layer over %s; "
                        + "%s activation, %s weights (variance σ_w²/fan_in) with σ_w² = %s and σ_b² = %s%s (the thesis does not state the activation and initialisation of "
                        + "Fig. 3.2; the presets take Fig. 3.1's). Nodes are re-ordered by average-linkage clustering of 1 − ρ² so correlated ones sit together. "
                        + "The networks of one width are one draw each: the depth-L network is the first L hidden layers of it. Seed %d.",
                inputs, Names.of(settings.activation()), Names.of(settings.init().scheme()), text(settings.init().sigmaW2()),
                text(settings.init().sigmaB2()), InitText.criticalNote(settings.activation(), settings.init()), settings.seed());
    }

    /** What the numbers show, row by row, whichever way they go. */
    private String reading(List<Shown> depthRow, List<Shown> widthRow) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "At width %d the VNI is %s at depths %s", settings.depthRowWidth(), values(depthRow),
                CellRecords.list(settings.depthRowDepths())));
        s.append(trend(depthRow, "depth", true)).append(' ');
        Shown shallow = depthRow.get(0), deep = depthRow.get(depthRow.size() - 1);
        s.append(String.format(Locale.ROOT, "The effective number of nodes 1/VNI goes from %s to %s of %d.", participation(shallow), participation(deep),
                settings.depthRowWidth()));
        s.append(String.format(Locale.ROOT, " At depth %d the VNI is %s at widths %s", settings.widthRowDepth(), values(widthRow),
                CellRecords.list(settings.widthRowWidths())));
        s.append(trend(widthRow, "width", false)).append(' ');
        List<Shown> all = new ArrayList<>(depthRow);
        all.addAll(widthRow);
        List<String> within = new ArrayList<>(), off = new ArrayList<>(), beyond = new ArrayList<>(), collapsed = new ArrayList<>();
        for (Shown x : all) {
            String at = "L = " + x.depth + ", N = " + x.width;
            if (x.collapsed) {
                if (!collapsed.contains(at)) collapsed.add(at);
                continue;
            }
            double relative = x.fixedPoint / x.vni() - 1;
            if (Math.abs(relative) <= 0.1) within.add(at);
            else off.add(at + " (" + text(x.fixedPoint) + ", " + CellRecords.signedPercent(relative) + ")");
            if (x.fixedPoint > 1) beyond.add(at);
        }
        s.append("Eq. 3.6 is within 10% of the measured VNI at ").append(within.isEmpty() ? "no panel" : String.join("; ", within));
        s.append(off.isEmpty() ? "." : " and off it at " + String.join("; ", off) + ".");
        if (!beyond.isEmpty()) {
            s.append(" It exceeds 1, which no VNI can, at ").append(String.join("; ", beyond))
                    .append(": the formula is first order in L/N and meant for N ≫ L.");
        }
        if (!collapsed.isEmpty()) {
            s.append(' ').append(Collapse.sentence(collapsed.size() + " of " + cellCount + " networks collapsed, at " + String.join("; ", collapsed),
                    "they are shown, and counted apart from the comparisons with the theory"));
        }
        if (settings.data() != null) {
            double ownVni = ConfigFields.optionalReal(shallow.record, "input_vni");
            String own = Double.isNaN(ownVni) ? "" : String.format(Locale.ROOT, " (the images' own covariance has VNI %s and participation ratio %s of their %d pixels, "
                            + "where independent pixels of equal variance would give about 1/n0 = %s)", text(ownVni),
                    text(ConfigFields.optionalReal(shallow.record, "input_participation_ratio")), (int) ConfigFields.optionalReal(shallow.record, "input_features"),
                    text(1 / ConfigFields.optionalReal(shallow.record, "input_features")));
            s.append(String.format(Locale.ROOT, " The predictions assume zero-mean inputs with independent features of equal variance (eq. 3.2); "
                            + "image pixels are none of these%s, as the shallowest panel shows: VNI %s at L = %d against eq. 3.6's %s.",
                    own, shallow.vniText(), shallow.depth, text(shallow.fixedPoint)));
        }
        double dead = 0;
        for (Shown x : all) dead = Math.max(dead, ConfigFields.real(x.record, "dead_fraction"));
        s.append(dead == 0 ? " No node is constant over the inputs in any panel." : " Up to " + text(100 * dead) + "% of a panel's nodes are constant over the inputs.");
        s.append(String.format(Locale.ROOT, " Over M = %d inputs a sample VNI is biased upward by about 1/M = %s.", settings.inputs(), text(1.0 / settings.inputs())));
        return s.toString();
    }

    /** A panel's participation ratio 1/VNI, or "undefined (collapsed)". */
    private static String participation(Shown s) {
        return s.collapsed ? "undefined (collapsed)" : text(ConfigFields.real(s.record, "participation_ratio"));
    }

    private static String values(List<Shown> row) {
        List<String> v = new ArrayList<>();
        for (Shown s : row) v.add(s.vniText());
        return String.join(", ", v);
    }

    /**
     * ": rising with depth" or where it does not, for a row whose VNI is expected to rise
     * ({@code rising}) or fall; a step from or to a panel without a VNI (collapsed) is not judged.
     */
    private static String trend(List<Shown> row, String along, boolean rising) {
        double[] v = row.stream().mapToDouble(Shown::vni).toArray();
        List<String> against = new ArrayList<>();
        for (int i = 1; i < v.length; i++) {
            if (rising ? v[i] < v[i - 1] : v[i] > v[i - 1]) {
                Shown a = row.get(i - 1), b = row.get(i);
                against.add(along.equals("depth") ? "L = " + a.depth + " to " + b.depth : "N = " + a.width + " to " + b.width);
            }
        }
        String dir = rising ? "rises" : "falls";
        boolean gaps = java.util.Arrays.stream(v).anyMatch(Double::isNaN);
        if (against.isEmpty()) return ": it " + dir + " with " + along + " at every step" + (gaps ? " between panels with a VNI." : ".");
        return ": it does not " + (rising ? "rise" : "fall") + " monotonically with " + along + " (" + String.join(", ", against) + " go the other way).";
    }
}
