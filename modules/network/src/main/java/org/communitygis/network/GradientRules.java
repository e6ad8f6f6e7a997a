package org.communitygis.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.communitygis.core.CgisException;

/**
 * Minimum gradients, velocities, roughness and cover for pipes and open channels after GB 50014-2021
 * 室外排水设计标准.
 *
 * <p>The figures live in the versioned resource {@code org/communitygis/network/gb50014-2021.properties},
 * whose comments give each figure's clause and confidence (confirmed, secondary or unconfirmed). In short:
 * <ul>
 *   <li>minimum gradient of small pipes, GB 50014-2006 §4.2.10 table: DN300 0.002 plastic / 0.003 other,
 *       DN200 0.004 (secondary). Above DN300 the gradient is derived from the minimum velocity (see
 *       {@link #minGradient});</li>
 *   <li>minimum velocity, §5.2: sewage 0.6 m/s at design fullness, storm 0.75 m/s full, open channels
 *       0.4 m/s (confirmed);</li>
 *   <li>maximum velocity, §5.2: 10 m/s metal pipes, 5 m/s non-metal pipes (confirmed); open-channel
 *       maxima by lining (unconfirmed);</li>
 *   <li>Manning n by material, older roughness table (secondary);</li>
 *   <li>minimum cover 0.6 m under footways, 0.7 m under carriageways (secondary).</li>
 * </ul>
 *
 * <p>Instances are immutable. {@link #with} and {@link #withAll} return a copy with keys replaced, so every
 * figure is configurable. Kind and material values are compared case-insensitively.
 */
public final class GradientRules {
    /** The classpath resource holding the default figures. */
    public static final String RESOURCE = "/org/communitygis/network/gb50014-2021.properties";

    /** Check category of a pipe kind. */
    public enum PipeClass {
        /** Gravity pipe: reverse, minimum gradient and full-pipe velocity are checked. */
        GRAVITY_PIPE,
        /** Open channel (U-channel, ditch): checked like a gravity pipe with a rectangular section. */
        CHANNEL,
        /** Pressure pipe (rising main): not checked for gradient. */
        PRESSURE,
        /** A kind none of the lists names. */
        UNKNOWN
    }

    private static final Properties DEFAULTS = loadDefaults();

    private final Properties values;

    private GradientRules(Properties values) {
        this.values = values;
        validate();
    }

    /** Returns the rules of the bundled resource file. */
    public static GradientRules defaults() {
        return new GradientRules(copy(DEFAULTS));
    }

    /**
     * Reads a properties file (UTF-8) whose keys replace the bundled defaults; keys it lacks keep their
     * default.
     *
     * @throws CgisException when the file cannot be read or a value is not a valid number or table
     */
    public static GradientRules load(Path file) {
        Properties overrides = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            overrides.load(reader);
        } catch (IOException e) {
            throw new CgisException(e, NetworkMessages.BUNDLE, "rules.unreadable", file, e.getMessage());
        }
        return defaults().withAll(overrides);
    }

    /** Returns a copy with {@code key} set to {@code value}. */
    public GradientRules with(String key, String value) {
        Properties next = copy(values);
        next.setProperty(key, value);
        return new GradientRules(next);
    }

    /** Returns a copy with every key of {@code overrides} replaced. */
    public GradientRules withAll(Properties overrides) {
        Properties next = copy(values);
        for (String key : overrides.stringPropertyNames()) {
            next.setProperty(key, overrides.getProperty(key));
        }
        return new GradientRules(next);
    }

    /** Returns the raw value of {@code key}, or null. */
    public String get(String key) {
        return values.getProperty(key);
    }

    /** Returns the edition the figures follow, e.g. {@code GB 50014-2021}. */
    public String edition() {
        return values.getProperty("rules.edition", "");
    }

    /** Returns how pipes of {@code kind} are checked; a null or blank kind is {@link PipeClass#UNKNOWN}. */
    public PipeClass classify(String kind) {
        String k = normalize(kind);
        if (k.isEmpty()) {
            return PipeClass.UNKNOWN;
        }
        if (list("kinds.gravity_pipe").contains(k)) {
            return PipeClass.GRAVITY_PIPE;
        }
        if (list("kinds.channel").contains(k)) {
            return PipeClass.CHANNEL;
        }
        if (list("kinds.pressure").contains(k)) {
            return PipeClass.PRESSURE;
        }
        return PipeClass.UNKNOWN;
    }

    /** Returns whether {@code material} counts as plastic for the minimum gradient table. */
    public boolean isPlastic(String material) {
        return list("material.plastic").contains(normalize(material));
    }

    /** Returns whether {@code material} counts as metal for the maximum velocity. */
    public boolean isMetal(String material) {
        return list("material.metal").contains(normalize(material));
    }

    /** Returns the diameter (mm) used for a gravity pipe without {@code diameter_mm}. */
    public double assumedDiameterMm() {
        return number("pipe.assumed_diameter_mm");
    }

    /** Returns the minimum cover over the pipe crown that the check applies, m. */
    public double minCoverM() {
        return number("min_cover.used_m");
    }

    /** Returns the Manning roughness n of {@code material}, or the default n when it is missing or unlisted. */
    public double manningN(String material) {
        String value = values.getProperty("manning_n." + normalize(material));
        return value != null ? parse("manning_n." + normalize(material), value) : number("manning_n.default");
    }

    /** Returns the lining assumed for an open channel of {@code kind} whose material is missing. */
    public String channelMaterial(String kind, String material) {
        String m = normalize(material);
        if (!m.isEmpty()) {
            return m;
        }
        return normalize(values.getProperty("channel.default_material." + normalize(kind), ""));
    }

    /** Returns the channel width used when {@code widthM} is missing (NaN) or not positive, m. */
    public double channelWidthM(double widthM) {
        return widthM > 0 ? widthM : number("channel.default_width_m");
    }

    /**
     * Returns the hydraulic radius (m) the velocity check uses: D/4 for a pipe running full, and for an
     * open channel the rectangle of the given width with depth = width × {@code channel.depth_ratio}.
     */
    public double fullHydraulicRadiusM(PipeClass pipeClass, double diameterMm, double widthM) {
        if (pipeClass == PipeClass.CHANNEL) {
            double b = channelWidthM(widthM);
            return Hydraulics.rectangleHydraulicRadius(b, b * number("channel.depth_ratio"));
        }
        return diameterMm / 1000.0 / 4.0;
    }

    /**
     * Returns the maximum design fullness h/D of a sewage pipe of {@code diameterMm}: the figure of the
     * smallest tabled diameter not below it ({@code sewage.max_fullness}), the last figure above the table.
     */
    public double maxFullness(double diameterMm) {
        TreeMap<Double, Double> table = table("sewage.max_fullness");
        Map.Entry<Double, Double> entry = table.ceilingEntry(diameterMm);
        return entry == null ? table.lastEntry().getValue() : entry.getValue();
    }

    /** Returns the minimum velocity (m/s) of sewage pipes at design fullness ({@code min_velocity.sewage}). */
    public double minSewageVelocity() {
        return number("min_velocity.sewage");
    }

    /** Returns the minimum gradient (m/m) of a house connection drain ({@code house_drain.min_gradient}). */
    public double houseDrainGradient() {
        return number("house_drain.min_gradient");
    }

    /** Returns the cover (m) over a house connection drain where it leaves the building ({@code house_drain.cover_m}). */
    public double houseDrainCoverM() {
        return number("house_drain.cover_m");
    }

    /** Returns the diameter (mm) of a house connection drain ({@code house_drain.diameter_mm}). */
    public double houseDrainDiameterMm() {
        return number("house_drain.diameter_mm");
    }

    /** Returns the invert drop (m) above which a drop manhole should be built ({@code drop.should_m}). */
    public double dropShouldM() {
        return number("drop.should_m");
    }

    /** Returns the invert drop (m) above which a drop manhole must be built ({@code drop.must_m}). */
    public double dropMustM() {
        return number("drop.must_m");
    }

    /** Returns the minimum velocity (m/s) of open channels ({@code min_velocity.channel}). */
    public double minChannelVelocity() {
        return number("min_velocity.channel");
    }

    /** Returns the maximum velocity (m/s) for {@code material}: metal, non-metal, or the channel lining. */
    public double maxVelocity(PipeClass pipeClass, String material) {
        if (pipeClass == PipeClass.CHANNEL) {
            String value = values.getProperty("max_velocity.channel." + normalize(material));
            return value != null ? parse("max_velocity.channel." + normalize(material), value)
                    : number("max_velocity.channel.default");
        }
        return isMetal(material) ? number("max_velocity.metal") : number("max_velocity.nonmetal");
    }

    /**
     * Returns the minimum gradient (m/m) for a pipe or channel.
     *
     * <p>Gravity pipes: the tabled figure of the largest listed diameter not above {@code diameterMm} (the
     * smallest listed figure below the table), split by plastic and other materials. Above the largest
     * listed diameter, the gradient at which Manning's velocity reaches the minimum velocity (sewage at the
     * maximum design fullness, storm full), capped at the largest listed figure. Open channels: the
     * gradient at which the assumed rectangular section reaches the open-channel minimum velocity.
     * Pressure kinds return NaN.
     *
     * @param kind the pipe kind, used for storm versus sewage and for the channel's default lining
     * @param diameterMm pipe diameter, mm (ignored for channels)
     * @param widthM channel width, m, NaN when missing (ignored for pipes)
     * @param material the material, may be null
     */
    public double minGradient(String kind, double diameterMm, double widthM, String material) {
        PipeClass pipeClass = classify(kind);
        if (pipeClass == PipeClass.PRESSURE) {
            return Double.NaN;
        }
        if (pipeClass == PipeClass.CHANNEL) {
            String lining = channelMaterial(kind, material);
            double radius = fullHydraulicRadiusM(pipeClass, diameterMm, widthM);
            return Hydraulics.manningGradient(number("min_velocity.channel"), manningN(lining), radius);
        }

        TreeMap<Double, Double> table = table(isPlastic(material) ? "pipe.min_gradient.plastic"
                : "pipe.min_gradient.other");
        Map.Entry<Double, Double> floor = table.floorEntry(diameterMm);
        if (floor == null) {
            return table.firstEntry().getValue();
        }
        if (diameterMm <= table.lastKey()) {
            return floor.getValue();
        }

        // Above the table: the gradient that reaches the minimum velocity, capped at the largest tabled figure.
        boolean storm = list("kinds.storm").contains(normalize(kind));
        double diameterM = diameterMm / 1000.0;
        double radius;
        double velocity;
        if (storm) {
            radius = diameterM / 4.0;
            velocity = number("min_velocity.storm");
        } else {
            Map.Entry<Double, Double> fullness = table("sewage.max_fullness").ceilingEntry(diameterMm);
            double ratio = fullness == null ? table("sewage.max_fullness").lastEntry().getValue() : fullness.getValue();
            radius = Hydraulics.partFullHydraulicRadius(diameterM, ratio);
            velocity = number("min_velocity.sewage");
        }
        double derived = Hydraulics.manningGradient(velocity, manningN(material), radius);
        return Math.min(derived, table.lastEntry().getValue());
    }

    private void validate() {
        for (String key : values.stringPropertyNames()) {
            if (key.startsWith("min_velocity.") || key.startsWith("max_velocity.") || key.startsWith("manning_n.")
                    || key.startsWith("min_cover.") || key.equals("pipe.assumed_diameter_mm")
                    || key.equals("channel.depth_ratio") || key.equals("channel.default_width_m")
                    || key.startsWith("drop.") || key.startsWith("house_drain.")) {
                if (!(number(key) > 0)) {
                    throw new CgisException(NetworkMessages.BUNDLE, "rules.notPositive", key, values.getProperty(key));
                }
            } else if (key.startsWith("pipe.min_gradient.") || key.equals("sewage.max_fullness")) {
                if (table(key).isEmpty()) {
                    throw new CgisException(NetworkMessages.BUNDLE, "rules.badTable", key, values.getProperty(key));
                }
            }
        }
    }

    private double number(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new CgisException(NetworkMessages.BUNDLE, "rules.missingKey", key);
        }
        return parse(key, value);
    }

    private static double parse(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new CgisException(e, NetworkMessages.BUNDLE, "rules.notNumber", key, value);
        }
    }

    /** Parses {@code "200:0.004,300:0.002"} into a sorted map. */
    private TreeMap<Double, Double> table(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new CgisException(NetworkMessages.BUNDLE, "rules.missingKey", key);
        }
        TreeMap<Double, Double> table = new TreeMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split(":");
            if (parts.length != 2) {
                throw new CgisException(NetworkMessages.BUNDLE, "rules.badTable", key, value);
            }
            double x = parse(key, parts[0]);
            double y = parse(key, parts[1]);
            if (!(y > 0) || !(x > 0)) {
                throw new CgisException(NetworkMessages.BUNDLE, "rules.badTable", key, value);
            }
            table.put(x, y);
        }
        return table;
    }

    private Set<String> list(String key) {
        Set<String> set = new LinkedHashSet<>();
        for (String item : values.getProperty(key, "").split(",")) {
            String n = normalize(item);
            if (!n.isEmpty()) {
                set.add(n);
            }
        }
        return set;
    }

    static String normalize(String text) {
        return text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    }

    private static Properties copy(Properties source) {
        Properties copy = new Properties();
        for (String key : source.stringPropertyNames()) {
            copy.setProperty(key, source.getProperty(key));
        }
        return copy;
    }

    private static Properties loadDefaults() {
        Properties properties = new Properties();
        try (InputStream in = GradientRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the network jar");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Resource " + RESOURCE + " cannot be read", e);
        }
        return properties;
    }
}
