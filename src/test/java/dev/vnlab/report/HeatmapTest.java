package dev.vnlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.DoubleMatrix;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class HeatmapTest {
    static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }

    static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** The PNG embedded in an SVG {@code <image>}. */
    static BufferedImage embedded(Element image) throws Exception {
        String href = image.getAttributeNS("http://www.w3.org/1999/xlink", "href");
        assertThat(href).startsWith("data:image/png;base64,");
        return decode(Base64.getDecoder().decode(href.substring("data:image/png;base64,".length())));
    }

    @Test
    void viridisEndpointsAndInterpolation() {
        assertThat(Colormap.VIRIDIS.rgb(0)).isEqualTo(0x440154);
        assertThat(Colormap.VIRIDIS.rgb(1)).isEqualTo(0xfde725);
        assertThat(Colormap.VIRIDIS.rgb(-3)).isEqualTo(0x440154);
        assertThat(Colormap.VIRIDIS.rgb(0.5)).isEqualTo(0x21908c);
        assertThat(Colormap.of(0x000000, 0xffffff).rgb(0.5)).isEqualTo(0x808080);
        assertThatThrownBy(() -> Colormap.VIRIDIS.rgb(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Colormap.of(0xffffff)).hasMessageContaining("1 stops; expected at least 2");
    }

    @Test
    void cellsAtAndBeyondTheRangeGetTheColourMapsEndpoints() throws Exception {
        for (double[][] m : List.of(new double[][] {{0, 1}}, new double[][] {{-5, 7}})) {
            Heatmap h = new Heatmap("").panel("", m);
            BufferedImage img = decode(h.toPng(1));
            assertThat(img.getWidth()).isEqualTo((int) Math.round(h.width()));
            // One panel of 200 units: two cells of 100 x 100 pixels each.
            assertThat(count(img, 0x440154)).isGreaterThanOrEqualTo(98 * 98);
            assertThat(count(img, 0xfde725)).isGreaterThanOrEqualTo(98 * 98);
        }
        Heatmap custom = new Heatmap("").range(-1, 1).colormap(Colormap.GREYS).panel("", new double[][] {{-1, 0, 1, Double.NaN}});
        BufferedImage img = decode(custom.toPng(1));
        assertThat(count(img, 0x808080)).as("0 is mid-grey on [-1, 1]").isGreaterThanOrEqualTo(48 * 48);
        assertThat(count(img, 0xbdbdbd)).as("NaN cell").isGreaterThanOrEqualTo(48 * 48);
    }

    @Test
    void manyCellsPerPixelAreAveraged() throws Exception {
        int n = 800; // 200-unit panel at 2 pixels per unit: 2 x 2 cells per pixel
        DoubleMatrix checker = new DoubleMatrix(n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) checker.set(i, j, (i + j) % 2);
        BufferedImage img = decode(new Heatmap("").panel("", checker).toPng(2));
        assertThat(count(img, Colormap.VIRIDIS.rgb(0.5))).isGreaterThanOrEqualTo(396 * 396);
        assertThat(count(img, Colormap.VIRIDIS.rgb(0))).as("no single cell shows").isLessThan(100);
    }

    @Test
    void fourLargePanelsRenderQuicklyAndKeepTheSvgSmall() throws Exception {
        int n = 1000;
        Heatmap h = new Heatmap("Fig. 3.2").colorLabel("ρ²").axisLabels("node", "node");
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int depth : new int[] {5, 50, 300, 1000}) {
            double[][] m = new double[n][n];
            for (double[] row : m) for (int j = 0; j < n; j++) row[j] = r.nextDouble();
            h.panel("L = " + depth, m);
        }
        long t0 = System.nanoTime();
        String svgText = h.toSvg();
        BufferedImage png = decode(h.toPng(2));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(seconds).isLessThan(10);
        assertThat(png.getWidth()).isEqualTo((int) Math.round(2 * h.width()));
        assertThat(svgText.length()).as("bytes of SVG for 4 million cells").isLessThan(4_000_000);
        Svg svg = new Svg(svgText);
        assertThat(svg.texts()).contains("Fig. 3.2", "L = 5", "L = 50", "L = 300", "L = 1000", "ρ²", "node", "0.0", "1.0");
        assertThat(svg.groups("panel")).hasSize(4);
        List<Element> images = svg.all("image");
        assertThat(images).hasSize(5); // four panels and the colour bar
        BufferedImage cells = embedded(images.get(0));
        assertThat(cells.getWidth()).isEqualTo(400);
        assertThat(cells.getHeight()).isEqualTo(400);
        assertThat(images.get(0).getAttribute("width")).isEqualTo("200");
    }

    @Test
    void smallMatricesRepeatEachCellOverWholePixels() throws Exception {
        Svg svg = new Svg(new Heatmap("").panel("", new double[][] {{0, 1, 0}, {1, 0, 1}, {0, 1, 0}}).toSvg());
        BufferedImage cells = embedded(svg.all("image").get(0));
        assertThat(cells.getWidth()).isEqualTo(399); // 3 cells x 133 pixels within 400
        assertThat(cells.getRGB(132, 0) & 0xffffff).isEqualTo(0x440154);
        assertThat(cells.getRGB(133, 0) & 0xffffff).isEqualTo(0xfde725);
    }

    @Test
    void badInputIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> new Heatmap("").panel("p", new double[0][0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("panel 'p' matrix is empty; expected at least 1 x 1");
        assertThatThrownBy(() -> new Heatmap("").panel("p", new double[][] {{1, 2}, {3}})).hasMessage("panel 'p' row 1 has 1 values; expected 2 like row 0");
        assertThatThrownBy(() -> new Heatmap("").range(1, 1)).hasMessage("colour range [1.0, 1.0] is invalid; expected finite min < max");
        assertThatThrownBy(() -> new Heatmap("").range(Double.NaN, 1)).hasMessageContaining("[NaN, 1.0]");
        assertThatThrownBy(() -> new Heatmap("h").toSvg()).hasMessage("heatmap 'h' has no panels; expected at least one");
        assertThatThrownBy(() -> new Heatmap("").columns(0)).hasMessageContaining("panel columns 0 is invalid");
    }

    @Test
    void cellLabelsNameColumnsUnderEveryPanelAndRowsLeftOfTheFirst() throws Exception {
        double[][] grid = {{0, 0.5, 1}, {1, 0.5, 0}};
        Heatmap h = new Heatmap("grid").axisLabels("learning rate", "depth").cellLabels(List.of("1e-3", "1e-2", "1e-1"), List.of("20", "5"))
                .panel("tanh", grid).panel("ReLU", grid);
        Heatmap bare = new Heatmap("grid").axisLabels("learning rate", "depth").panel("tanh", grid).panel("ReLU", grid);
        assertThat(h.width()).as("room for the row labels").isGreaterThan(bare.width());
        assertThat(h.height()).as("room for the column labels").isGreaterThan(bare.height());
        List<String> texts = new Svg(h.toSvg()).texts();
        assertThat(texts.stream().filter("1e-2"::equals)).as("under both panels").hasSize(2);
        assertThat(texts.stream().filter("20"::equals)).as("left of the first panel only").hasSize(1);
        assertThat(decode(h.toPng(1)).getWidth()).isEqualTo((int) Math.round(h.width()));

        List<String> many = new java.util.ArrayList<>();
        for (int j = 0; j < 100; j++) many.add("label " + j);
        List<String> thinned = new Svg(new Heatmap("").cellLabels(many, List.of()).panel("", new double[1][100]).toSvg()).texts();
        assertThat(thinned).contains("label 0").doesNotContain("label 1");

        assertThatThrownBy(() -> new Heatmap("").cellLabels(List.of("a"), List.of()).panel("p", grid).toSvg())
                .hasMessage("panel 'p' has 3 columns but 1 column labels; expected one label per column");
        assertThatThrownBy(() -> new Heatmap("").cellLabels(List.of(), List.of("a\nb"))).hasMessage("row label 'a\nb' is invalid; expected one line of text");
    }
}
