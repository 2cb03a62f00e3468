package dev.vnlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class PlotTest {
    static final double[] DEPTH = {10, 20, 50, 100, 200, 500, 1000};

    static Plot depthPlot() {
        double[] a = new double[DEPTH.length], b = new double[DEPTH.length], lo = new double[DEPTH.length], hi = new double[DEPTH.length];
        for (int i = 0; i < DEPTH.length; i++) {
            a[i] = 1 - Math.exp(-DEPTH[i] / 300);
            b[i] = 1 - Math.exp(-DEPTH[i] / 700);
            lo[i] = a[i] - 0.05;
            hi[i] = a[i] + 0.05;
        }
        b[3] = Double.NaN; // a gap
        return new Plot("VNI against depth").xLabel("depth L").yLabel("VNI").xScale(Scale.LOG)
                .add(Series.of("width 200", DEPTH, a).band(lo, hi).marker(Marker.CIRCLE))
                .add(Series.of("width 500", DEPTH, b).dash(Dash.DASHED));
    }

    @Test
    void svgIsWellFormedWithViewBoxLabelsLegendAndOneLinePerSeries() throws Exception {
        Svg svg = new Svg(depthPlot().toSvg());
        assertThat(svg.root().getLocalName()).isEqualTo("svg");
        assertThat(svg.root().getAttribute("viewBox")).isEqualTo("0 0 640 420");
        assertThat(svg.texts()).contains("VNI against depth", "depth L", "VNI", "width 200", "width 500", "10", "100", "1000", "0.2");
        List<Element> series = svg.groups("series");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).getAttribute("data-name")).isEqualTo("width 200");
        for (Element g : series) assertThat(Svg.paths(g, true)).hasSize(1);
        assertThat(Svg.all(series.get(0), "circle")).hasSize(DEPTH.length);
        assertThat(Svg.paths(series.get(0), false).size() - 1).as("band polygons").isEqualTo(1);
        String dashed = Svg.paths(series.get(1), true).get(0).getAttribute("d");
        assertThat(dashed.chars().filter(ch -> ch == 'M').count()).as("the NaN breaks the line").isEqualTo(2);
        assertThat(Svg.paths(series.get(1), true).get(0).getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(svg.groups("legend")).hasSize(1);
    }

    /** A red horizontal line at y = 1 on [0, 2]: it must sit halfway down the frame, in both renderings. */
    @Test
    void pngDrawsTheLineWhereTheSvgLayoutPutsIt() throws Exception {
        Plot p = new Plot("").xRange(0, 10).yRange(0, 2).grid(false).legend(Plot.Legend.NONE).size(400, 300)
                .add(Series.of("flat", new double[] {0, 10}, new double[] {1, 1}).color(Color.RED).lineWidth(2));
        Svg svg = new Svg(p.toSvg());
        Element frame = svg.all("rect").stream().filter(r -> "none".equals(r.getAttribute("fill"))).findFirst().orElseThrow();
        double top = Svg.attr(frame, "y"), bottom = top + Svg.attr(frame, "height");
        double left = Svg.attr(frame, "x"), right = left + Svg.attr(frame, "width");
        String d = Svg.paths(svg.groups("series").get(0), true).get(0).getAttribute("d");
        assertThat(d).isEqualTo("M" + SvgCanvas.num(left) + " " + SvgCanvas.num((top + bottom) / 2) + " L" + SvgCanvas.num(right) + " " + SvgCanvas.num((top + bottom) / 2));

        BufferedImage img = ImageIO.read(new ByteArrayInputStream(p.toPng(2)));
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(600);
        // y = 1 lies at (top + bottom) / 2 units, i.e. pixel boundary top + bottom at scale 2; the
        // 2-unit line covers the 4 pixel rows around it exactly, and nothing beyond.
        int mid = (int) Math.round(top + bottom);
        assertThat(top + bottom).isEqualTo(mid);
        for (int x = (int) (2 * left) + 4; x < 2 * right - 4; x++) {
            for (int yy = mid - 2; yy < mid + 2; yy++) assertThat(img.getRGB(x, yy) & 0xffffff).as("line at (%d, %d)", x, yy).isEqualTo(0xff0000);
            assertThat(img.getRGB(x, mid - 3) & 0xffffff).as("white above the line at x=%d", x).isEqualTo(0xffffff);
            assertThat(img.getRGB(x, mid + 2) & 0xffffff).as("white below the line at x=%d", x).isEqualTo(0xffffff);
        }
        assertThat(img.getRGB((int) (left + right), (int) (2 * top)) & 0xffffff).as("the frame").isNotEqualTo(0xffffff);
    }

    @Test
    void pngHasTheRequestedSizeAndInkWhereSeriesAre() throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(depthPlot().toPng(1.5)));
        assertThat(img.getWidth()).isEqualTo(960);
        assertThat(img.getHeight()).isEqualTo(630);
        int blue = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == 0x1f77b4) blue++;
        assertThat(blue).as("pixels of the first series' colour").isGreaterThan(500);
        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }

    @Test
    void legendAvoidsTheData() throws Exception {
        double[] x = {0, 1, 2, 3, 4}, rising = {0, 1, 2, 3, 4};
        Svg svg = new Svg(new Plot("").add(Series.of("rising", x, rising)).toSvg());
        Element box = Svg.all(svg.groups("legend").get(0), "rect").get(0);
        assertThat(Svg.attr(box, "x")).as("left half").isLessThan(320);
        assertThat(Svg.attr(box, "y")).as("top half").isLessThan(210);
        Svg none = new Svg(new Plot("").legend(Plot.Legend.NONE).add(Series.of("a", x, rising)).toSvg());
        assertThat(none.groups("legend")).isEmpty();
        Svg unnamed = new Svg(new Plot("").add(Series.of("", x, rising)).toSvg());
        assertThat(unnamed.groups("legend")).isEmpty();
    }

    @Test
    void errorBarsAndTextAreEscapedAndDrawn() throws Exception {
        double[] x = {1, 2, 3}, y = {1, 2, 3}, lo = {0.5, 1.5, 2.5}, hi = {1.5, 2.5, 3.5};
        Svg svg = new Svg(new Plot("a < b & \"c\"").yLabel("ρ²").add(Series.of("bars", x, y).errorBars(lo, hi).pointsOnly()).toSvg());
        assertThat(svg.texts()).contains("a < b & \"c\"", "ρ²");
        List<Element> stroked = Svg.paths(svg.groups("series").get(0), true);
        assertThat(stroked).hasSize(1).as("the bars, no line");
        assertThat(stroked.get(0).getAttribute("d").chars().filter(ch -> ch == 'M').count()).isEqualTo(9);
    }

    @Test
    void badInputIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> Series.of("a", new double[0], new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series 'a' has no points; expected at least one");
        assertThatThrownBy(() -> Series.of("a", new double[3], new double[2])).hasMessage("series 'a' has 3 x values and 2 y values; expected equal lengths");
        assertThatThrownBy(() -> Series.of("a", new double[] {1}, new double[] {Double.POSITIVE_INFINITY}))
                .hasMessageContaining("y = Infinity at index 0");
        Series s = Series.of("a", new double[] {1, 2}, new double[] {1, 2});
        assertThatThrownBy(() -> s.band(new double[] {0}, new double[] {1})).hasMessageContaining("band has 1 lower and 1 upper values for 2 points");
        assertThatThrownBy(() -> s.band(new double[] {0, 3}, new double[] {1, 2.5})).hasMessageContaining("lower 3.0 above upper 2.5 at index 1");
        Plot logX = new Plot("").xScale(Scale.LOG).add(Series.of("w200", new double[] {1, 0, 3}, new double[] {1, 2, 3}));
        assertThatThrownBy(logX::toSvg).hasMessage("series 'w200' has x = 0.0 at index 1; a log x axis needs positive values");
        assertThatThrownBy(() -> logX.toImage(1)).hasMessageContaining("x = 0.0 at index 1");
        Plot logBand = new Plot("").yScale(Scale.LOG).add(Series.of("b", new double[] {1, 2}, new double[] {1, 2})
                .band(new double[] {-1, 1}, new double[] {2, 3}));
        assertThatThrownBy(logBand::toSvg).hasMessageContaining("band lower = -1.0 at index 0; a log y axis needs positive values");
        assertThatThrownBy(() -> new Plot("").xRange(1, 1)).hasMessage("x range [1.0, 1.0] is invalid; expected finite min < max");
        assertThatThrownBy(() -> new Plot("").yRange(2, 1)).hasMessageContaining("y range [2.0, 1.0]");
        assertThatThrownBy(() -> new Plot("").xScale(Scale.LOG).xRange(0, 1).add(s).toSvg()).hasMessageContaining("log x axis range [0.0, 1.0]");
        assertThatThrownBy(() -> new Plot("empty").toSvg()).hasMessage("plot 'empty' has no series; expected at least one");
        assertThatThrownBy(() -> new Plot("").add(Series.of("n", new double[] {Double.NaN}, new double[] {1})).toSvg())
                .hasMessageContaining("has no point with finite x and y");
        assertThatThrownBy(() -> new Plot("").size(50, 400)).hasMessageContaining("plot size 50.0 x 400.0 is invalid");
        assertThatThrownBy(() -> depthPlot().toImage(0)).hasMessageContaining("scale 0.0 is invalid");
    }
}
