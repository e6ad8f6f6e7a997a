package org.communitygis.roads;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Pavement condition by JTG 5210-2018 (公路技术状况评定标准): the damage types with their weights, the
 * pavement damage ratio DR, PCI, grades and RQI. Every coefficient comes from
 * {@code standards/jtg5210-2018.csv}, which gives each value's clause and confidence.
 *
 * <p>DR = 100 · Σ wᵢ·Aᵢ / A, %, with Aᵢ the damaged area of type and severity i (a length-measured type
 * counts its length times its influence width) and A the surveyed area (unit length × road width).
 * PCI = 100 − a0 · DR^a1 with a0 = 15.00, a1 = 0.412 on asphalt and a0 = 10.66, a1 = 0.461 on cement
 * concrete; so DR 1 %, 5 %, 10 % on asphalt give PCI 85.0, 70.9, 61.3. RQI = 100 / (1 + a0·e^(a1·IRI)).
 */
public final class Jtg5210 {
    /** The standard's code as shown to users. */
    public static final String CODE = "JTG 5210-2018";

    private static final StandardTable TABLE = StandardTable.load("jtg5210-2018.csv");
    private static final Map<String, DamageType> TYPES = loadTypes();
    private static final Map<String, String> ALIASES = loadAliases();

    private Jtg5210() {
    }

    /** Returns every damage type, asphalt first, in the data file's order. */
    public static Collection<DamageType> types() {
        return TYPES.values();
    }

    /** Returns the names of the damage types of {@code pavement}, in the data file's order. */
    public static List<String> typeNames(Pavement pavement) {
        return TYPES.values().stream().filter(type -> type.pavement() == pavement).map(DamageType::name).toList();
    }

    /**
     * Returns the damage type a user wrote for {@code pavement}: the standard's name or an alias from
     * {@code standards/damage-aliases.properties}, or null when unknown.
     */
    public static DamageType type(Pavement pavement, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        DamageType type = TYPES.get(pavement.key() + "." + trimmed);
        if (type != null) {
            return type;
        }
        String canonical = ALIASES.get(trimmed.toLowerCase(Locale.ROOT).replace(' ', '_'));
        return canonical == null ? null : TYPES.get(pavement.key() + "." + canonical);
    }

    /** Returns the damage type of either pavement a user wrote, asphalt first, or null when unknown. */
    public static DamageType anyType(String text) {
        DamageType asphalt = type(Pavement.ASPHALT, text);
        return asphalt != null ? asphalt : type(Pavement.CEMENT, text);
    }

    /** Returns DR, %, of a weighted damaged area Σ wᵢ·Aᵢ (m²) on a surveyed area (m²). */
    public static double damageRatio(double weightedAreaM2, double surveyedAreaM2) {
        if (!(surveyedAreaM2 > 0)) {
            throw new IllegalArgumentException("Surveyed area must be positive, got " + surveyedAreaM2);
        }
        return 100 * weightedAreaM2 / surveyedAreaM2;
    }

    /** Returns PCI = 100 − a0 · DR^a1 for {@code pavement}, DR in %, floored at 0. */
    public static double pci(Pavement pavement, double damageRatioPercent) {
        if (damageRatioPercent < 0 || Double.isNaN(damageRatioPercent)) {
            throw new IllegalArgumentException("DR must be ≥ 0, got " + damageRatioPercent);
        }
        double a0 = TABLE.get("pci." + pavement.key() + ".a0").number();
        double a1 = TABLE.get("pci." + pavement.key() + ".a1").number();
        return Math.max(0, 100 - a0 * Math.pow(damageRatioPercent, a1));
    }

    /** Returns the grade (优, 良, 中, 次, 差) of a PCI or RQI value. */
    public static String grade(double index) {
        double[] bounds = TABLE.get("grade.bounds").numbers();
        String[] labels = TABLE.get("grade.labels").words();
        for (int i = 0; i < bounds.length; i++) {
            if (index >= bounds[i]) {
                return labels[i];
            }
        }
        return labels[bounds.length];
    }

    /**
     * Returns the condition points of a grade for the damage zone score: 优 and 良 0, 中 1, 次 2, 差 3.
     */
    static int points(String grade) {
        String[] labels = TABLE.get("grade.labels").words();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals(grade)) {
                return Math.max(0, i - 1);
            }
        }
        throw new IllegalArgumentException("Unknown grade " + grade);
    }

    /**
     * Returns RQI = 100 / (1 + a0·e^(a1·IRI)), with the expressway and class-1 coefficients when
     * {@code highClass} is set, else those of classes 2 to 4.
     *
     * @param iriMPerKm international roughness index, m/km
     */
    public static double rqi(double iriMPerKm, boolean highClass) {
        String prefix = highClass ? "rqi.high." : "rqi.other.";
        double a0 = TABLE.get(prefix + "a0").number();
        double a1 = TABLE.get(prefix + "a1").number();
        return 100 / (1 + a0 * Math.exp(a1 * iriMPerKm));
    }

    private static Map<String, DamageType> loadTypes() {
        Map<String, DamageType> types = new LinkedHashMap<>();
        for (Pavement pavement : Pavement.values()) {
            for (StandardTable.Entry entry : TABLE.withPrefix(pavement.key() + ".")) {
                if (!entry.key().endsWith(".measure")) {
                    continue;
                }
                String name = entry.key().substring(pavement.key().length() + 1, entry.key().length() - ".measure".length());
                String prefix = pavement.key() + "." + name;
                boolean length = "length".equals(entry.value());
                double[] listed = TABLE.get(prefix + ".weights").numbers();
                double[] weights = listed.length == 1 ? new double[] {listed[0], listed[0], listed[0]} : listed;
                if (weights.length != 3) {
                    throw new IllegalStateException("jtg5210-2018.csv: " + prefix + ".weights needs 1 or 3 values");
                }
                StandardTable.Entry width = TABLE.find(prefix + ".influence_width_m");
                if (length && width == null) {
                    throw new IllegalStateException("jtg5210-2018.csv: " + prefix + " is measured by length but has no influence width");
                }
                types.put(prefix, new DamageType(pavement, name, length, weights,
                        width == null ? Double.NaN : width.number()));
            }
        }
        return types;
    }

    private static Map<String, String> loadAliases() {
        Properties properties = new Properties();
        try (InputStream in = Jtg5210.class.getResourceAsStream("standards/damage-aliases.properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            aliases.put(key.toLowerCase(Locale.ROOT), properties.getProperty(key).trim());
        }
        return aliases;
    }
}
