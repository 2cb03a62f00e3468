package dev.vnlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.Blas;
import dev.vnlab.report.Csv;
import dev.vnlab.report.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Checks of what an experiment's render writes, and the cell records it is fed, for the tests. */
final class WrittenFiles {
    private WrittenFiles() {}

    /** Every cell run on blas, each record passed through JSON and back, as the sweep files hand them to render. */
    @SuppressWarnings("unchecked")
    static <C> List<Map<String, Object>> recordsViaJson(List<C> cells, BiFunction<C, Blas, Map<String, Object>> run, Blas blas) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (C c : cells) out.add((Map<String, Object>) Json.parse(Json.write(run.apply(c, blas))));
        return out;
    }

    /** The CSV file's records: a header row of {@code columns} names and {@code rows} rows of as many fields. */
    static List<List<String>> csv(Path file, int rows) throws Exception {
        List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(records).as(file.toString()).hasSize(rows + 1);
        int width = records.get(0).size();
        for (List<String> r : records) assertThat(r).as(file.toString()).hasSize(width);
        return records;
    }

    /** base.svg parses as an SVG document and base.png as an image of the figure's aspect. */
    static void figure(Path dir, String base) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document svg = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(base + ".svg"))));
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        BufferedImage png = ImageIO.read(dir.resolve(base + ".png").toFile());
        assertThat(png).as(base + ".png").isNotNull();
        assertThat(png.getWidth()).isGreaterThan(100);
        assertThat(png.getHeight()).isGreaterThan(100);
    }
}
