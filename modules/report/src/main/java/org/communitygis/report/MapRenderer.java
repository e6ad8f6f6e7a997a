package org.communitygis.report;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.TextLayout;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.algorithm.InteriorPointArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Draws the coverage map with Java2D.
 *
 * <p>Zones are outlined and labelled, roads grey by class and road damage zones red and translucent. Pipes
 * are coloured by kind, with gradient findings drawn on top. Buildings are green (served) or red
 * (unserved), facilities are symbols, and a north arrow, a scale bar in metres and a legend complete it.
 *
 * <p>The map assumes a projected CRS in metres, which every project CRS of a village survey is; with a
 * geographic CRS the scale bar would be wrong. Up is grid north. Labels come from the report bundle in
 * {@code labelLocale}. Data values the font cannot draw (Chinese zone names with a Latin-only font) are
 * replaced by the zone's position in the table, e.g. "Zone 3".
 */
final class MapRenderer {
    /** Damage zones ranked at most this high are labelled with their rank on the map. */
    static final int MAX_RANK_LABELS = 30;

    private static final int MARGIN = 12;
    private static final int TITLE_HEIGHT = 44;
    private static final int LEGEND_WIDTH = 250;

    private static final Color BACKGROUND = new Color(0xF6F5EE);
    private static final Color ZONE_LINE = new Color(0x555555);
    private static final Color WATER = new Color(0x4A90C8);
    private static final Color ROAD_MAJOR = new Color(0x6B6B6B);
    private static final Color ROAD_MINOR = new Color(0x9A9A9A);
    private static final Color ROAD_TRACK = new Color(0xB8B0A0);
    private static final Color DAMAGE = new Color(220, 30, 30, 95);
    private static final Color DAMAGE_EDGE = new Color(190, 20, 20);
    private static final Color SEWER = new Color(0x8C510A);
    private static final Color STORM = new Color(0x35978F);
    private static final Color RISING_MAIN = new Color(0x1F3F99);
    private static final Color CHANNEL = new Color(0x00A3C4);
    private static final Color REVERSE = new Color(0xD01C8B);
    private static final Color TOO_FLAT = new Color(0xF08C00);
    private static final Color TOO_STEEP = new Color(0x7B3294);
    private static final Color SERVED = new Color(0x2E9E44);
    private static final Color UNSERVED = new Color(0xD62728);
    private static final Color OVER_CAPACITY = new Color(0xE31A1C);

    private final CoverageData data;
    private final Font baseFont;
    private final Locale labelLocale;
    private final String title;
    private final int width;
    private final int height;
    private double scale;
    private double offsetX;
    private double offsetY;
    private Envelope extent;
    private final Geometry focus;
    private final List<String[]> legendDrawn = new ArrayList<>();

    /**
     * @param baseFont the font for all text, which must display every label of {@code labelLocale}
     * @param labelLocale the language of legend and map labels
     * @param title the map title (project name)
     */
    MapRenderer(CoverageData data, Font baseFont, Locale labelLocale, String title, int width, int height) {
        this(data, baseFont, labelLocale, title, width, height, null);
    }

    /**
     * Creates a renderer zoomed to {@code focus} (a zone's area), which is outlined in bold. Features
     * whose bounding box lies outside the map extent are skipped, so the zone maps of a project with many
     * zones cost about as much as its features near each zone.
     *
     * @param focus the area to zoom to, or null for the whole data extent
     */
    MapRenderer(CoverageData data, Font baseFont, Locale labelLocale, String title, int width, int height,
            Geometry focus) {
        this.focus = focus;
        this.data = data;
        this.baseFont = baseFont;
        this.labelLocale = labelLocale;
        this.title = title;
        this.width = width;
        this.height = height;
    }

    BufferedImage render() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            fitExtent();
            Rectangle2D frame = frame();
            g.setColor(BACKGROUND);
            g.fill(frame);
            Shape previousClip = g.getClip();
            g.clip(frame);
            drawZones(g);
            drawWaterways(g);
            drawRoads(g);
            drawDamageZones(g);
            drawPipes(g);
            drawBuildings(g);
            drawFacilities(g);
            drawZoneLabels(g);
            g.setClip(previousClip);
            g.setColor(ZONE_LINE);
            g.setStroke(new BasicStroke(1f));
            g.draw(frame);
            drawTitle(g);
            drawNorthArrow(g, frame);
            drawScaleBar(g, frame);
            drawLegend(g, frame);
        } finally {
            g.dispose();
        }
        return image;
    }

    private Rectangle2D frame() {
        return new Rectangle2D.Double(MARGIN, TITLE_HEIGHT, width - LEGEND_WIDTH - 2 * MARGIN, height - TITLE_HEIGHT - MARGIN);
    }

    /**
     * Sets the world-to-pixel transform so that the data extent (or the focus), plus 4 %, fills the frame at
     * one scale.
     */
    private void fitExtent() {
        if (focus != null && !focus.isEmpty()) {
            extent = new Envelope(focus.getEnvelopeInternal());
            double pad = Math.max(Math.max(extent.getWidth(), extent.getHeight()) * 0.04, 10);
            extent.expandBy(pad);
            Rectangle2D frame = frame();
            scale = Math.min(frame.getWidth() / extent.getWidth(), frame.getHeight() / extent.getHeight());
            // Widen the extent to the frame's aspect ratio, so visible() keeps every feature in the frame.
            double worldWidth = frame.getWidth() / scale;
            double worldHeight = frame.getHeight() / scale;
            extent = new Envelope(extent.centre().x - worldWidth / 2, extent.centre().x + worldWidth / 2,
                    extent.centre().y - worldHeight / 2, extent.centre().y + worldHeight / 2);
            offsetX = frame.getX();
            offsetY = frame.getY();
            return;
        }
        extent = new Envelope();
        data.buildings.forEach(b -> extent.expandToInclude(b.geometry().getEnvelopeInternal()));
        data.zoneAreas.ifPresent(layer -> extent.expandToInclude(layer.envelope()));
        data.pipes.ifPresent(layer -> extent.expandToInclude(layer.envelope()));
        data.facilityPoints.ifPresent(layer -> extent.expandToInclude(layer.envelope()));
        data.damageZones.ifPresent(zones -> zones.forEach(z -> extent.expandToInclude(z.geometry().getEnvelopeInternal())));
        if (extent.isNull()) {
            extent = new Envelope(0, 100, 0, 100);
        }
        double pad = Math.max(Math.max(extent.getWidth(), extent.getHeight()) * 0.04, 10);
        extent.expandBy(pad);
        Rectangle2D frame = frame();
        scale = Math.min(frame.getWidth() / extent.getWidth(), frame.getHeight() / extent.getHeight());
        offsetX = frame.getX() + (frame.getWidth() - extent.getWidth() * scale) / 2;
        offsetY = frame.getY() + (frame.getHeight() - extent.getHeight() * scale) / 2;
    }

    /** Returns whether {@code geometry} may show on the map; always true without a focus. */
    private boolean visible(Geometry geometry) {
        return focus == null || geometry != null && extent.intersects(geometry.getEnvelopeInternal());
    }

    private Point2D toPixel(Coordinate c) {
        return new Point2D.Double(offsetX + (c.x - extent.getMinX()) * scale, offsetY + (extent.getMaxY() - c.y) * scale);
    }

    private Shape shape(Geometry geometry) {
        ShapeWriter writer = new ShapeWriter((src, dest) -> dest.setLocation(toPixel(src)));
        return writer.toShape(geometry);
    }

    private String label(String key, Object... args) {
        return ReportMessages.BUNDLE.format(labelLocale, key, args);
    }

    private void legend(String kind, String color, String key) {
        String[] entry = {kind, color, key};
        for (String[] drawn : legendDrawn) {
            if (drawn[2].equals(key)) {
                return;
            }
        }
        legendDrawn.add(entry);
    }

    private void drawZones(Graphics2D g) {
        if (data.zoneAreas.isEmpty()) {
            return;
        }
        g.setColor(ZONE_LINE);
        g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f));
        for (Feature zone : data.zoneAreas.get().features()) {
            if (visible(zone.geometry())) {
                g.draw(shape(zone.geometry()));
            }
        }
        legend("dash", "555555", "map.legend.zone");
        if (focus != null) {
            g.setStroke(new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(shape(focus));
            legend("thick", "555555", "map.legend.focusZone");
        }
    }

    private void drawZoneLabels(Graphics2D g) {
        if (data.zoneAreas.isEmpty()) {
            return;
        }
        Font font = baseFont.deriveFont(Font.BOLD, 17f);
        int ordinal = 0;
        for (Feature zone : data.zoneAreas.get().features()) {
            ordinal++;
            if (!visible(zone.geometry())) {
                continue;
            }
            String name = zone.getString("name") != null ? zone.getString("name") : zone.getString("zone");
            if (name == null || font.canDisplayUpTo(name) != -1) {
                name = label("map.zoneFallback", ordinal);
            }
            Point2D at = toPixel(labelPoint(zone.geometry()));
            haloText(g, name, font, at.getX(), at.getY(), new Color(0x333333), true);
        }
    }

    /**
     * Returns a label position inside {@code zone} clear of buildings. Of a 9 × 9 grid of candidates inside
     * the zone it takes the one farthest from the nearest building centre, counting up to 60 m, and breaks
     * ties towards the interior point. Without a candidate inside, it returns the interior point.
     */
    private Coordinate labelPoint(Geometry zone) {
        Coordinate interior = InteriorPointArea.getInteriorPoint(zone);
        Envelope box = zone.getEnvelopeInternal();
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(zone);
        List<Coordinate> centres = new ArrayList<>();
        for (CoverageData.Building building : data.buildings) {
            Envelope e = building.geometry().getEnvelopeInternal();
            if (box.intersects(e) && (focus == null || extent.intersects(e))) {
                centres.add(e.centre());
            }
        }
        Coordinate best = interior;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 1; i <= 9; i++) {
            for (int j = 1; j <= 9; j++) {
                Coordinate candidate = new Coordinate(box.getMinX() + box.getWidth() * i / 10,
                        box.getMinY() + box.getHeight() * j / 10);
                if (!prepared.contains(zone.getFactory().createPoint(candidate))) {
                    continue;
                }
                double clearance = 60;
                for (Coordinate centre : centres) {
                    clearance = Math.min(clearance, centre.distance(candidate));
                }
                double score = clearance - 0.02 * candidate.distance(interior);
                if (score > bestScore) {
                    bestScore = score;
                    best = candidate;
                }
            }
        }
        return best;
    }

    private void drawWaterways(Graphics2D g) {
        if (data.waterways.isEmpty() || data.waterways.get().size() == 0) {
            return;
        }
        for (Feature waterway : data.waterways.get().features()) {
            if (!visible(waterway.geometry())) {
                continue;
            }
            boolean stream = !"ditch".equals(waterway.getString("waterway")) && !"drain".equals(waterway.getString("waterway"));
            g.setColor(WATER);
            g.setStroke(new BasicStroke(stream ? 2.2f : 1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(shape(waterway.geometry()));
        }
        legend("line", "4A90C8", "map.legend.waterway");
    }

    private void drawRoads(Graphics2D g) {
        if (data.roads.isEmpty()) {
            return;
        }
        FeatureLayer roads = data.roads.get();
        for (int pass = 0; pass < 3; pass++) {
            for (Feature road : roads.features()) {
                int roadClass = roadClass(road.getString("highway"));
                if (roadClass != pass || !visible(road.geometry())) {
                    continue;
                }
                switch (roadClass) {
                    case 0 -> {
                        g.setColor(ROAD_TRACK);
                        g.setStroke(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {5f, 3f}, 0f));
                        legend("dashline", "B8B0A0", "map.legend.track");
                    }
                    case 1 -> {
                        g.setColor(ROAD_MINOR);
                        g.setStroke(new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                        legend("line", "9A9A9A", "map.legend.lane");
                    }
                    default -> {
                        g.setColor(ROAD_MAJOR);
                        g.setStroke(new BasicStroke(4.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                        legend("thick", "6B6B6B", "map.legend.mainRoad");
                    }
                }
                g.draw(shape(road.geometry()));
            }
        }
    }

    /** Returns 2 for through roads, 1 for village lanes and 0 for tracks and paths. */
    static int roadClass(String highway) {
        if (highway == null) {
            return 1;
        }
        return switch (highway) {
            case "motorway", "trunk", "primary", "secondary", "tertiary", "motorway_link", "trunk_link", "primary_link",
                    "secondary_link", "tertiary_link" -> 2;
            case "track", "path", "footway", "cycleway", "bridleway", "steps" -> 0;
            default -> 1;
        };
    }

    private void drawDamageZones(Graphics2D g) {
        if (data.damageZones.isEmpty() || data.damageZones.get().isEmpty()) {
            return;
        }
        Font font = baseFont.deriveFont(Font.BOLD, 12f);
        for (CoverageData.DamageZone zone : data.damageZones.get()) {
            if (!visible(zone.geometry())) {
                continue;
            }
            Shape area = shape(zone.geometry());
            g.setColor(DAMAGE);
            g.fill(area);
            g.setColor(DAMAGE_EDGE);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(area);
            // Only the top ranks get a label: a whole district has thousands of zones, and their labels
            // would cover the map. The ranked table in the report lists every zone.
            if (zone.rank() <= MAX_RANK_LABELS) {
                Rectangle2D bounds = area.getBounds2D();
                haloText(g, "#" + zone.rank(), font, bounds.getMaxX() + 4, bounds.getCenterY(), DAMAGE_EDGE, false);
            }
        }
        legend("area", "DC1E1E", "map.legend.damage");
    }

    private void drawPipes(Graphics2D g) {
        if (data.pipes.isPresent()) {
            for (Feature pipe : data.pipes.get().features()) {
                if (!visible(pipe.geometry())) {
                    continue;
                }
                String kind = pipe.getString("kind") == null ? "" : pipe.getString("kind");
                switch (kind) {
                    case "rising_main", "irrigation_pipe" -> {
                        g.setColor(RISING_MAIN);
                        g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                        legend("line", "1F3F99", "map.legend.risingMain");
                    }
                    case "u_channel", "ditch" -> {
                        g.setColor(CHANNEL);
                        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 3f}, 0f));
                        legend("dashline", "00A3C4", "map.legend.channel");
                    }
                    case "storm" -> {
                        g.setColor(STORM);
                        g.setStroke(new BasicStroke(2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                        legend("line", "35978F", "map.legend.storm");
                    }
                    default -> {
                        g.setColor(SEWER);
                        g.setStroke(new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                        legend("line", "8C510A", "map.legend.sewer");
                    }
                }
                g.draw(shape(pipe.geometry()));
            }
        }
        if (data.pipeGradients.isPresent()) {
            for (CoverageData.PipeGradient link : data.pipeGradients.get()) {
                Color color = flagColor(link.flag());
                if (color == null || !visible(link.geometry())) {
                    continue;
                }
                g.setColor(color);
                g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(shape(link.geometry()));
                legend("thick", String.format("%06X", color.getRGB() & 0xFFFFFF), "map.legend.flag." + link.flag());
            }
        }
    }

    private static Color flagColor(String flag) {
        if (flag == null) {
            return null;
        }
        return switch (flag) {
            case "reverse" -> REVERSE;
            case "too_flat" -> TOO_FLAT;
            case "too_steep" -> TOO_STEEP;
            default -> null;
        };
    }

    private void drawBuildings(Graphics2D g) {
        g.setStroke(new BasicStroke(0.8f));
        boolean anyServed = false;
        boolean anyUnserved = false;
        for (CoverageData.Building building : data.buildings) {
            if (!visible(building.geometry())) {
                continue;
            }
            Shape footprint = shape(building.geometry());
            Color fill = building.served() ? SERVED : UNSERVED;
            anyServed |= building.served();
            anyUnserved |= !building.served();
            Rectangle2D bounds = footprint.getBounds2D();
            if (bounds.getWidth() < 3 && bounds.getHeight() < 3) {
                footprint = new Rectangle2D.Double(bounds.getCenterX() - 1.5, bounds.getCenterY() - 1.5, 3, 3);
            }
            g.setColor(fill);
            g.fill(footprint);
            g.setColor(fill.darker().darker());
            g.draw(footprint);
        }
        if (anyServed) {
            legend("box", "2E9E44", "map.legend.served");
        }
        if (anyUnserved) {
            legend("box", "D62728", "map.legend.unserved");
        }
    }

    private void drawFacilities(Graphics2D g) {
        List<Geometry> over = new ArrayList<>();
        data.facilities.ifPresent(list -> list.stream().filter(f -> "over".equals(f.flag())).forEach(f -> over.add(f.geometry())));
        List<Object[]> points = new ArrayList<>();
        if (data.facilityPoints.isPresent()) {
            for (Feature f : data.facilityPoints.get().features()) {
                points.add(new Object[] {f.getString("kind"), f.geometry()});
            }
        } else {
            data.facilities.ifPresent(list -> list.forEach(f -> points.add(new Object[] {f.kind(), f.geometry()})));
        }
        for (Object[] point : points) {
            String kind = point[0] == null ? "" : (String) point[0];
            Geometry geometry = (Geometry) point[1];
            if (!visible(geometry)) {
                continue;
            }
            Point2D at = toPixel(geometry.getCentroid().getCoordinate());
            drawSymbol(g, kind, at.getX(), at.getY(), 7);
            legend("symbol:" + kind, "", "map.legend.facility." + legendKind(kind));
            for (Geometry overloaded : over) {
                if (overloaded.getCentroid().getCoordinate().distance(geometry.getCentroid().getCoordinate()) < 1.0) {
                    g.setColor(OVER_CAPACITY);
                    g.setStroke(new BasicStroke(2.5f));
                    g.draw(new Ellipse2D.Double(at.getX() - 13, at.getY() - 13, 26, 26));
                    legend("ring", "E31A1C", "map.legend.overCapacity");
                }
            }
        }
    }

    private static String legendKind(String kind) {
        return switch (kind) {
            case "treatment_unit", "septic_tank", "pump_station", "pond", "outfall" -> kind;
            default -> "other";
        };
    }

    /** Draws the symbol of a facility kind centred on (x, y) with half-size {@code r} pixels. */
    private static void drawSymbol(Graphics2D g, String kind, double x, double y, double r) {
        Shape symbol;
        Color fill;
        switch (kind) {
            case "treatment_unit" -> {
                symbol = new Rectangle2D.Double(x - r, y - r, 2 * r, 2 * r);
                fill = new Color(0x2166AC);
            }
            case "septic_tank" -> {
                symbol = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
                fill = new Color(0x8C510A);
            }
            case "pump_station" -> {
                Path2D triangle = new Path2D.Double();
                triangle.moveTo(x, y - r * 1.2);
                triangle.lineTo(x + r * 1.1, y + r * 0.9);
                triangle.lineTo(x - r * 1.1, y + r * 0.9);
                triangle.closePath();
                symbol = triangle;
                fill = new Color(0x1F3F99);
            }
            case "pond" -> {
                symbol = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
                fill = new Color(0x9ECAE1);
            }
            default -> {
                Path2D diamond = new Path2D.Double();
                diamond.moveTo(x, y - r);
                diamond.lineTo(x + r, y);
                diamond.lineTo(x, y + r);
                diamond.lineTo(x - r, y);
                diamond.closePath();
                symbol = diamond;
                fill = new Color(0x6A3D9A);
            }
        }
        g.setColor(fill);
        g.fill(symbol);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(symbol);
        g.setColor(new Color(0x222222));
        g.setStroke(new BasicStroke(0.8f));
        g.draw(symbol);
    }

    private void drawTitle(Graphics2D g) {
        g.setColor(new Color(0x222222));
        g.setFont(baseFont.deriveFont(Font.BOLD, 20f));
        g.drawString(label("map.title", title), MARGIN, 30);
    }

    private void drawNorthArrow(Graphics2D g, Rectangle2D frame) {
        double x = frame.getMaxX() - 30;
        double y = frame.getY() + 22;
        Path2D arrow = new Path2D.Double();
        arrow.moveTo(x, y);
        arrow.lineTo(x + 9, y + 26);
        arrow.lineTo(x, y + 19);
        arrow.lineTo(x - 9, y + 26);
        arrow.closePath();
        g.setColor(new Color(0x222222));
        g.fill(arrow);
        haloText(g, label("map.north"), baseFont.deriveFont(Font.BOLD, 14f), x, y - 9, new Color(0x222222), true);
    }

    /** Draws a two-segment scale bar of a round length (1, 2 or 5 × 10ⁿ m) about a fifth of the frame wide. */
    private void drawScaleBar(Graphics2D g, Rectangle2D frame) {
        double target = frame.getWidth() / 5 / scale;
        double magnitude = Math.pow(10, Math.floor(Math.log10(target)));
        double length = magnitude;
        for (double step : new double[] {2, 5, 10}) {
            if (magnitude * step <= target) {
                length = magnitude * step;
            }
        }
        double pixels = length * scale;
        double x = frame.getX() + 16;
        double y = frame.getMaxY() - 22;
        g.setColor(new Color(255, 255, 255, 200));
        g.fill(new Rectangle2D.Double(x - 8, y - 22, pixels + 60, 36));
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < 2; i++) {
            Rectangle2D segment = new Rectangle2D.Double(x + i * pixels / 2, y, pixels / 2, 6);
            g.setColor(i == 0 ? new Color(0x222222) : Color.WHITE);
            g.fill(segment);
            g.setColor(new Color(0x222222));
            g.draw(segment);
        }
        g.setFont(baseFont.deriveFont(Font.PLAIN, 12f));
        g.drawString("0", (float) x - 3, (float) y - 5);
        String text = label("map.scale", Formats.number(length, 0));
        g.drawString(text, (float) (x + pixels - g.getFontMetrics().stringWidth(text) / 2.0), (float) y - 5);
    }

    private void drawLegend(Graphics2D g, Rectangle2D frame) {
        double x = frame.getMaxX() + MARGIN;
        double y = frame.getY();
        Font heading = baseFont.deriveFont(Font.BOLD, 15f);
        Font item = baseFont.deriveFont(Font.PLAIN, 13f);
        g.setColor(new Color(0x222222));
        g.setFont(heading);
        g.drawString(label("map.legend"), (float) x, (float) y + 16);
        y += 34;
        g.setFont(item);
        FontMetrics metrics = g.getFontMetrics();
        for (String[] entry : legendDrawn) {
            drawLegendSymbol(g, entry[0], entry[1], x, y);
            g.setColor(new Color(0x222222));
            g.drawString(label(entry[2]), (float) x + 34, (float) (y + metrics.getAscent() / 2.0 - 1));
            y += 22;
        }
        y += 8;
        g.setFont(baseFont.deriveFont(Font.PLAIN, 11f));
        g.setColor(new Color(0x555555));
        g.drawString(label("map.gridNorth"), (float) x, (float) y);
    }

    private void drawLegendSymbol(Graphics2D g, String kind, String hex, double x, double y) {
        Color color = hex.isEmpty() ? Color.BLACK : new Color(Integer.parseInt(hex, 16));
        Stroke stroke;
        switch (kind) {
            case "box", "area" -> {
                g.setColor(kind.equals("area") ? DAMAGE : color);
                g.fill(new Rectangle2D.Double(x + 4, y - 6, 20, 12));
                g.setColor(color.darker());
                g.setStroke(new BasicStroke(1f));
                g.draw(new Rectangle2D.Double(x + 4, y - 6, 20, 12));
                return;
            }
            case "ring" -> {
                g.setColor(color);
                g.setStroke(new BasicStroke(2.5f));
                g.draw(new Ellipse2D.Double(x + 6, y - 8, 16, 16));
                return;
            }
            case "thick" -> stroke = new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            case "dash", "dashline" -> stroke = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {6f, 3f}, 0f);
            default -> {
                if (kind.startsWith("symbol:")) {
                    drawSymbol(g, kind.substring(7), x + 14, y, 6);
                    return;
                }
                stroke = new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            }
        }
        g.setColor(color);
        g.setStroke(stroke);
        g.draw(new Line2D.Double(x + 2, y, x + 26, y));
    }

    /** Draws text with a white halo, centred on x when {@code centred}, else starting at x. */
    private static void haloText(Graphics2D g, String text, Font font, double x, double y, Color color, boolean centred) {
        TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
        Rectangle2D bounds = layout.getBounds();
        double left = centred ? x - bounds.getWidth() / 2 - bounds.getX() : x;
        double baseline = y + bounds.getHeight() / 2;
        Shape outline = layout.getOutline(java.awt.geom.AffineTransform.getTranslateInstance(left, baseline));
        g.setColor(new Color(255, 255, 255, 220));
        g.setStroke(new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(outline);
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(color);
        g.fill(outline);
    }
}
