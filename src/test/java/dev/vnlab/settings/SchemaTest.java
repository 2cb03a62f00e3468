package dev.vnlab.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.report.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A schema of a small settings record: what it derives from each setting's single declaration. */
class SchemaTest {
    enum Shape { ROUND, SQUARE_ISH }

    static final Setting<Integer> COUNT = Setting.of("sample_count", "K", ValueType.INT, "how many").checked(Checks.atLeast(1));
    static final Setting<int[]> SIZES = Setting.of("sizes", "LIST", ValueType.INTS, "sizes").checked(Checks.ascendingDistinct("size"));
    static final Setting<Double> SCALE = Setting.of("scale", "X", ValueType.REAL, "a scale, NaN for none");
    static final Setting<Path> DIR = Setting.of("dir", "DIR", ValueType.PATH, "a directory, or none");
    static final Setting<Shape> SHAPE = Setting.of("shape", "NAME", ValueType.name(Shape.class), "a shape").option("form");
    static final Setting<Long> SEED = Setting.of("seed", "S", ValueType.LONG, "seed");

    record Toy(int count, int[] sizes, double scale, Path dir, Shape shape, long seed) {
        Toy {
            COUNT.check(count);
            sizes = SIZES.check(sizes);
        }
    }

    static final Toy QUICK = new Toy(3, new int[] {1, 2}, 0.5, null, Shape.ROUND, 1), PAPER = new Toy(30, new int[] {1, 2}, Double.NaN, null, Shape.ROUND, 1);
    static final Schema<Toy> SCHEMA = Schema.of(List.of(new Field<>(COUNT, Toy::count), new Field<>(SIZES, Toy::sizes), new Field<>(SCALE, Toy::scale),
            new Field<>(DIR, Toy::dir), new Field<>(SHAPE, Toy::shape), new Field<>(SEED, Toy::seed)),
            v -> new Toy(v.get(COUNT), v.get(SIZES), v.get(SCALE), v.get(DIR), v.get(SHAPE), v.get(SEED)), QUICK, PAPER);

    /** A command line as {@link Arguments}: options as typed, without dashes. */
    private static Arguments args(String... nameValue) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put(nameValue[i], nameValue[i + 1]);
        return new Arguments() {
            @Override public boolean given(String option) { return m.containsKey(option); }

            @Override public String string(String option) { return m.get(option); }

            @Override public boolean paper() { return "paper".equals(m.get("preset")); }
        };
    }

    @Test
    void optionsAreTheKeysWithHyphensUnlessRenamedAndShowThePaperDefaultOnlyWhereItDiffers() {
        List<Option> o = SCHEMA.options();
        assertThat(o).extracting(Option::name).containsExactly("sample-count", "sizes", "scale", "dir", "form", "seed");
        assertThat(o.get(0)).isEqualTo(new Option("sample-count", "K", "3", "30", "how many"));
        assertThat(o.get(1).paperDefault()).isNull();
        assertThat(o.get(2).defaultValue()).isEqualTo("0.5");
        assertThat(o.get(2).paperDefault()).isNull(); // NaN is no value: nothing to show
        assertThat(o.get(3).defaultValue()).isNull();
    }

    @Test
    void aCommandLineTakesWhatItGivesAndThePresetsTheRest() {
        Toy t = SCHEMA.parse(args("sizes", "5,3:4:1", "form", "square_ish", "preset", "paper"));
        assertThat(t.count()).isEqualTo(30);
        assertThat(t.sizes()).containsExactly(3, 4, 5); // sorted by the record's check
        assertThat(t.scale()).isNaN();
        assertThat(t.shape()).isEqualTo(Shape.SQUARE_ISH);
        assertThat(SCHEMA.parse(args()).count()).isEqualTo(3);
    }

    @Test
    void theConfigurationKeepsTheDeclarationOrderAndIsReadBack() {
        Toy t = SCHEMA.parse(args("dir", "some/where", "seed", "-5"));
        Map<String, Object> c = SCHEMA.config(t);
        assertThat(Json.write(c)).isEqualTo("{\"sample_count\":3,\"sizes\":[1,2],\"scale\":0.5,\"dir\":\"some/where\",\"shape\":\"round\",\"seed\":-5}");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.write(c));
        assertThat(Json.write(SCHEMA.config(SCHEMA.read(json)))).isEqualTo(Json.write(c));
    }

    @Test
    void theRerunCommandLeavesOutValuesThatAreNotSetAndParsesBack() {
        Toy t = new Toy(4, new int[] {2, 9}, Double.NaN, null, Shape.SQUARE_ISH, 7);
        String rerun = SCHEMA.rerun("toy", t);
        assertThat(rerun).isEqualTo("./vnlab toy --sample-count 4 --sizes 2,9 --form square-ish --seed 7");
        String[] words = rerun.substring("./vnlab toy ".length()).split(" ");
        String[] pairs = new String[words.length];
        for (int i = 0; i < words.length; i++) pairs[i] = i % 2 == 0 ? words[i].substring(2) : words[i];
        Toy back = SCHEMA.parse(args(pairs));
        assertThat(Json.write(SCHEMA.config(back))).isEqualTo(Json.write(SCHEMA.config(new Toy(4, new int[] {2, 9}, 0.5, null, Shape.SQUARE_ISH, 7))));
    }

    @Test
    void malformedAndOutOfRangeValuesNameTheOptionTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> SCHEMA.parse(args("sample-count", "1.5"))).hasMessage("--sample-count '1.5' is invalid; expected a whole number");
        assertThatThrownBy(() -> SCHEMA.parse(args("sample-count", "0"))).hasMessage("--sample-count 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> SCHEMA.parse(args("sizes", "1,x,3"))).hasMessage(
                "--sizes '1,x,3' is invalid at 'x'; expected comma-separated whole numbers or ranges FROM:TO:STEP, e.g. 10:100:10");
        assertThatThrownBy(() -> SCHEMA.parse(args("sizes", "2,2"))).hasMessage("--sizes: size 2 repeats; expected distinct sizes");
        assertThatThrownBy(() -> SCHEMA.parse(args("form", "oval"))).hasMessage("--form 'oval' is invalid; expected one of round, square-ish");
        assertThatThrownBy(() -> SCHEMA.parse(args("scale", "Infinity"))).hasMessage("--scale 'Infinity' is invalid; expected a finite number such as 0.1");
        assertThatThrownBy(() -> SCHEMA.parse(args("dir", " "))).hasMessage("--dir ' ' is invalid; expected a path");
        Map<String, Object> missing = new LinkedHashMap<>(SCHEMA.config(QUICK));
        missing.remove("shape");
        assertThatThrownBy(() -> SCHEMA.read(missing)).hasMessageContaining("field 'shape' is missing");
    }
}
