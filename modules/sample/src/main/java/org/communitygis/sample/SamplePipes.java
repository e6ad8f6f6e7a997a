package org.communitygis.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.LineString;

/**
 * The {@code pipes} layer of the sample village, digitized downstream, with sewer inverts derived from the
 * DEM.
 *
 * <p>Three networks:
 * <ul>
 *   <li>{@value #NETWORK_IRRIGATION}: a DN150 steel rising main from the pump station on the pond up the
 *       slope, then a concrete U-channel along the contour and an earth ditch downhill to the paddy fields.
 *       Pressure mains and open channels carry no inverts.</li>
 *   <li>{@value #NETWORK_SEWER}: DN300 PVC links W1…, about 720 m, ending at the integrated treatment
 *       unit. Two links are faulty on purpose so that the gradient check has findings: the 一组 spur Z1
 *       rises 0.3 m towards its outlet (reverse grade) and the 四组 head link W1 falls at 1 ‰ (too flat, below the
 *       2 ‰ that GB 50014 gives as minimum for DN300 plastic sewers; that figure comes from a secondary
 *       source).</li>
 *   <li>{@value #NETWORK_SEPTIC}: the older DN200 PVC collector of 三组 ending at the septic tank.</li>
 * </ul>
 *
 * <p>Sewer inverts follow the ground: an upstream end lies {@value #HEAD_COVER_M} m below the DEM and each
 * link falls at the ground's gradient, held within {@value #MIN_GRADIENT}–{@value #MAX_GRADIENT}, while
 * the cover stays within {@value #MIN_COVER_M}–{@value #MAX_COVER_M} m (the cover limit wins). At a
 * junction the outgoing link starts at the lowest incoming invert, or deeper at a drop manhole.
 */
final class SamplePipes {
    static final String NETWORK_SEWER = "污水一期";
    static final String NETWORK_SEPTIC = "化粪池";
    static final String NETWORK_IRRIGATION = "提灌";

    static final double HEAD_COVER_M = 1.0;
    static final double MIN_COVER_M = 0.9;
    static final double MAX_COVER_M = 2.8;
    static final double MIN_GRADIENT = 0.005;
    static final double MAX_GRADIENT = 0.05;
    /** Invert gradient of the deliberately too-flat link, as a fraction (1 ‰). */
    static final double TOO_FLAT_GRADIENT = 0.001;
    /** Maximum length of a designed link between two manholes, m. */
    static final double MAX_LINK_LENGTH_M = 70;
    /** Fall of the U-channel along the contour, as a fraction (3 ‰). */
    static final double CHANNEL_GRADIENT = 0.003;
    /** Name of the deliberately too-flat link. */
    static final String TOO_FLAT_LINK = "W1";
    /** Name of the deliberately reverse-graded link, the 一组 spur. */
    static final String REVERSE_LINK = "Z1";
    /** Rise of the invert along the deliberately reverse-graded link, m. */
    static final double REVERSE_RISE_M = 0.3;

    /** Sewer nodes of 污水一期 (local u, v). */
    private static final double[] S1 = {765, 940};
    private static final double[] S2 = {760, 870};
    private static final double[] S3 = {620, 850};
    private static final double[] S4 = {450, 832};
    private static final double[] S5 = {330, 812};
    private static final double[] SPUR = {468, 915};
    /** Septic collector nodes of 三组, 5 m south of its lane. */
    private static final double[] C1 = {1000, 320.7};
    private static final double[] C2 = {850, 310};
    private static final double[] C3 = {720, 300};

    private final Raster dem;
    private final FeatureLayer layer;
    private final Map<String, Double> nodeInverts = new LinkedHashMap<>();

    private SamplePipes(Raster dem) {
        this.dem = dem;
        this.layer = new FeatureLayer("pipes", GeometryKind.LINESTRING, SampleVillage.CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING),
                new Field("diameter_mm", FieldType.REAL), new Field("width_m", FieldType.REAL),
                new Field("material", FieldType.STRING), new Field("up_invert_m", FieldType.REAL),
                new Field("down_invert_m", FieldType.REAL), new Field("network", FieldType.STRING),
                new Field("status", FieldType.STRING)));
    }

    /** Builds the pipes layer, reading ground levels from {@code dem}. */
    static FeatureLayer build(Raster dem) {
        SamplePipes pipes = new SamplePipes(dem);
        pipes.addIrrigation();
        pipes.addSewers();
        pipes.addSeptic();
        return pipes.layer;
    }

    private void addIrrigation() {
        add(line(VillagePlan.PUMP_STATION, VillagePlan.RISING_MAIN_HEAD), "提灌主管", "rising_main", 150.0, null,
                "steel", null, null, NETWORK_IRRIGATION);
        double[] channel = contourChannel(VillagePlan.RISING_MAIN_HEAD, VillagePlan.U_CHANNEL_END_V);
        add(LocalGeometry.line(channel), "U形渠", "u_channel", null, 0.4, "concrete", null, null, NETWORK_IRRIGATION);
        double[] ditch = VillagePlan.FIELD_DITCH.clone();
        ditch[0] = channel[channel.length - 2];
        ditch[1] = channel[channel.length - 1];
        add(LocalGeometry.line(ditch), "斗渠", "ditch", null, 0.6, "earth", null, null, NETWORK_IRRIGATION);
    }

    /**
     * Returns the vertices of a channel that runs south from {@code head} to {@code endV}, every 40 m of
     * northing, each vertex placed by bisection on the DEM where the ground lies {@value #CHANNEL_GRADIENT}
     * × distance below the head's ground, so the channel follows the contour with a slight fall.
     */
    private double[] contourChannel(double[] head, double endV) {
        List<Double> vertices = new ArrayList<>(List.of(head[0], head[1]));
        double headGround = ground(head);
        double distance = 0;
        double previousU = head[0];
        double previousV = head[1];
        for (double v = head[1] - 40; v > endV - 1; v -= 40) {
            double lowU = previousU - 150;
            double highU = previousU + 150;
            double target = headGround - CHANNEL_GRADIENT * (distance + 40);
            for (int i = 0; i < 40; i++) {
                double middle = (lowU + highU) / 2;
                if (ground(new double[] {middle, v}) > target) {
                    highU = middle;
                } else {
                    lowU = middle;
                }
            }
            double u = LocalGeometry.round((lowU + highU) / 2);
            distance += Math.hypot(u - previousU, v - previousV);
            vertices.add(u);
            vertices.add(v);
            previousU = u;
            previousV = v;
        }
        return vertices.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private void addSewers() {
        double[] flat = tooFlatInverts(S1, S2);
        addSewer(TOO_FLAT_LINK, S1, S2, flat[0], flat[1], 300, NETWORK_SEWER);
        int next = addDesigned("W", 2, List.of(S2, S3, S4), 300, NETWORK_SEWER);
        double[] reverse = reverseInverts(SPUR, S4);
        addSewer(REVERSE_LINK, SPUR, S4, reverse[0], reverse[1], 300, NETWORK_SEWER);
        addDesigned("W", next, List.of(S4, S5, VillagePlan.TREATMENT_UNIT), 300, NETWORK_SEWER);
    }

    private void addSeptic() {
        addDesigned("H", 1, List.of(C1, C2, C3, VillagePlan.SEPTIC_TANK), 200, NETWORK_SEPTIC);
    }

    /**
     * Adds designed links along {@code nodes}, numbered from {@code firstNumber}, splitting every leg into
     * equal links of at most {@value #MAX_LINK_LENGTH_M} m. Returns the number after the last link's.
     */
    private int addDesigned(String prefix, int firstNumber, List<double[]> nodes, double diameterMm, String network) {
        int number = firstNumber;
        for (int leg = 0; leg + 1 < nodes.size(); leg++) {
            double[] from = nodes.get(leg);
            double[] to = nodes.get(leg + 1);
            int parts = (int) Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / MAX_LINK_LENGTH_M);
            for (int part = 0; part < parts; part++) {
                double[] up = interpolate(from, to, (double) part / parts);
                double[] down = part + 1 == parts ? to : interpolate(from, to, (double) (part + 1) / parts);
                addDesigned(prefix + number, up, down, diameterMm, network);
                number++;
            }
        }
        return number;
    }

    private static double[] interpolate(double[] from, double[] to, double fraction) {
        return new double[] {LocalGeometry.round(from[0] + (to[0] - from[0]) * fraction),
            LocalGeometry.round(from[1] + (to[1] - from[1]) * fraction)};
    }

    /**
     * Adds a link whose inverts follow the ground within the gradient and cover limits. Where the ground
     * is steeper than {@value #MAX_GRADIENT}, the link starts deeper than the incoming invert, which makes the
     * manhole a drop manhole. GB 50014-2021 §5.5 says a drop of 1–2 m should have one and a larger drop
     * must (confirmed in a copy of the standard).
     */
    private void addDesigned(String name, double[] up, double[] down, double diameterMm, String network) {
        double groundUp = ground(up);
        double groundDown = ground(down);
        double length = Math.hypot(down[0] - up[0], down[1] - up[1]);
        double groundGradient = (groundUp - groundDown) / length;
        double upInvert = nodeInverts.getOrDefault(key(up), groundUp - HEAD_COVER_M);
        if (groundGradient > MAX_GRADIENT) {
            double cover = Math.min(MAX_COVER_M, MIN_COVER_M + (groundGradient - MAX_GRADIENT) * length);
            upInvert = Math.min(upInvert, groundUp - cover);
        }
        double gradient = Math.max(MIN_GRADIENT, Math.min(MAX_GRADIENT, groundGradient));
        double downInvert = upInvert - gradient * length;
        downInvert = Math.max(downInvert, groundDown - MAX_COVER_M);
        downInvert = Math.min(downInvert, groundDown - MIN_COVER_M);
        addSewer(name, up, down, upInvert, downInvert, diameterMm, network);
    }

    /** Returns inverts falling at {@link #TOO_FLAT_GRADIENT} with 1.5 m cover at the downstream end. */
    private double[] tooFlatInverts(double[] up, double[] down) {
        double length = Math.hypot(down[0] - up[0], down[1] - up[1]);
        double downInvert = ground(down) - 1.5;
        return new double[] {downInvert + TOO_FLAT_GRADIENT * length, downInvert};
    }

    /** Returns inverts rising by {@link #REVERSE_RISE_M} with 1.0 m cover at the downstream end. */
    private double[] reverseInverts(double[] up, double[] down) {
        double downInvert = ground(down) - 1.0;
        return new double[] {downInvert - REVERSE_RISE_M, downInvert};
    }

    private void addSewer(String name, double[] up, double[] down, double upInvert, double downInvert,
            double diameterMm, String network) {
        double roundedUp = round(upInvert);
        double roundedDown = round(downInvert);
        nodeInverts.merge(key(down), roundedDown, Math::min);
        add(line(up, down), name, "sewer", diameterMm, null, "pvc", roundedUp, roundedDown, network);
    }

    private void add(LineString geometry, String name, String kind, Double diameterMm, Double widthM,
            String material, Double upInvert, Double downInvert, String network) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", name);
        attributes.put("kind", kind);
        attributes.put("diameter_mm", diameterMm);
        attributes.put("width_m", widthM);
        attributes.put("material", material);
        attributes.put("up_invert_m", upInvert);
        attributes.put("down_invert_m", downInvert);
        attributes.put("network", network);
        attributes.put("status", "existing");
        layer.add(new Feature(layer.nextId(), geometry, attributes));
    }

    private double ground(double[] uv) {
        return dem.interpolate(SampleVillage.ORIGIN_EASTING + uv[0], SampleVillage.ORIGIN_NORTHING + uv[1]);
    }

    private static LineString line(double[] from, double[] to) {
        return LocalGeometry.line(from[0], from[1], to[0], to[1]);
    }

    private static String key(double[] uv) {
        return uv[0] + "," + uv[1];
    }

    private static double round(double metres) {
        return Math.round(metres * 1000) / 1000.0;
    }
}
