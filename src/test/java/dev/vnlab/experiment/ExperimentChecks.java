package dev.vnlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.data.Mnist;
import dev.vnlab.linalg.Blas;
import dev.vnlab.parallel.Workers;
import dev.vnlab.report.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;

/** What the experiment tests share: the real data, run comparisons and checks of rendered files. */
final class ExperimentChecks {
    private ExperimentChecks() {}

    /** Debian's Fashion-MNIST; the test is skipped where it is absent, except in CI, which installs it. */
    static Path fashionMnist() {
        boolean present = Files.isDirectory(Mnist.FASHION_MNIST_DEBIAN);
        if (!present && System.getenv("CI") == null) Assumptions.abort("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        assertThat(present).as("CI installs dataset-fashion-mnist").isTrue();
        return Mnist.FASHION_MNIST_DEBIAN;
    }

    /** A record as JSON without its wall time, the one field that may differ between identical runs. */
    static String withoutTime(Map<String, Object> record) {
        Map<String, Object> m = new LinkedHashMap<>(record);
        m.remove("seconds");
        return Json.write(m);
    }

    /** One cell's run on the given facade. */
    @FunctionalInterface
    interface CellRun {
        Map<String, Object> on(Blas blas) throws Exception;
    }

    /** Runs a cell twice on 1 thread and once on 2 and checks the three records are the same bits; returns the first. */
    static Map<String, Object> sameOnOneAndTwoThreads(CellRun cell) throws Exception {
        Map<String, Object> one, again, two;
        try (Workers w = Workers.of(1)) {
            one = cell.on(Blas.on(w));
            again = cell.on(Blas.on(w));
        }
        try (Workers w = Workers.of(2)) {
            two = cell.on(Blas.on(w));
        }
        assertThat(withoutTime(again)).as("the same cell again").isEqualTo(withoutTime(one));
        assertThat(withoutTime(two)).isEqualTo(withoutTime(one));
        return one;
    }

    /** Every cell's record of {@code e}, run in sweep order on one thread. */
    static <P> List<Map<String, Object>> runAll(SweepExperiment<?, P> e) throws java.io.IOException {
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        try (Workers w = Workers.of(1)) {
            for (P p : e.cells()) records.add(e.run(p, Blas.on(w)));
        }
        return records;
    }

    /** The records as a results file holds them: written to JSON and parsed back (NaN as null, integers as Long, arrays as lists). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> asParsed(List<Map<String, Object>> records) {
        return records.stream().map(r -> (Map<String, Object>) Json.parse(Json.write(r))).toList();
    }

    /** Checks a CSV has the header and {@code rows} records; returns its lines. */
    static List<String> csv(Path dir, String name, String header, int rows) throws Exception {
        List<String> lines = Files.readString(dir.resolve(name), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).as(name + " header").isEqualTo(header);
        assertThat(lines).as(name + " rows").hasSize(rows + 1);
        return lines;
    }

    /** Checks {@code base.svg} parses as XML and {@code base.png} decodes; returns the SVG's text. */
    static String figure(Path dir, String base) throws Exception {
        byte[] svg = Files.readAllBytes(dir.resolve(base + ".svg"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        BufferedImage png = ImageIO.read(dir.resolve(base + ".png").toFile());
        assertThat(png).as(base + ".png decodes").isNotNull();
        assertThat(png.getWidth()).isGreaterThan(100);
        return doc.getDocumentElement().getTextContent();
    }
}
