package org.communitygis.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trial sewer network laid along roads, for screening coverage where no pipe data exist.
 *
 * <p>This is a screening network, not a design: it assumes a sewer under every road of the chosen
 * classes, one diameter, a constant invert depth and no pump stations, so it shows which buildings a
 * road-side sewer could reach and where the ground is too flat or reverses, nothing about capacity.
 *
 * <p>For a designed layout (a minimum-cost tree to chosen outlets with pump stations, sizing and cost
 * drivers) use {@link RoutePlanner}.
 */
public final class TrialNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(TrialNetwork.class);

    /** Road classes used by default: the OSM {@code highway} values of village lanes. */
    public static final Set<String> DEFAULT_HIGHWAY_CLASSES =
            Set.of("residential", "living_street", "unclassified", "tertiary", "service");

    private TrialNetwork() {
    }

    /**
     * Lays trial sewers along the roads as {@link #alongRoads(FeatureLayer, Optional, Set, TrialOptions, Diagnostics)}
     * does, dropping its warnings; use that overload to show them.
     */
    public static FeatureLayer alongRoads(FeatureLayer roads, Optional<Raster> dem, Set<String> highwayClasses,
            TrialOptions options) {
        return alongRoads(roads, dem, highwayClasses, options, new Diagnostics());
    }

    /**
     * Lays trial sewers along the roads whose {@code highway} is in {@code highwayClasses} and returns them
     * as a {@code pipes} layer in the roads' CRS.
     *
     * <p>Each road is cut at junctions (vertices shared with another selected road, compared exactly) and
     * each piece between cuts into equal pieces of at most {@link TrialOptions#pieceLengthM()}. With a DEM,
     * each piece is digitized downhill (reversed when its end is higher than its start) and gets
     * {@code up_invert_m} / {@code down_invert_m} = ground − {@link TrialOptions#coverM()}. Without a DEM,
     * or where an end falls on NoData, the piece keeps the road's direction and has no inverts. One
     * warning counts those pieces. Every piece has kind {@code sewer}, the options' diameter,
     * material and network, status {@code planned} and the road's name.
     *
     * @param roads the {@code roads} layer
     * @param dem ground elevation, m, in the roads' CRS
     * @param highwayClasses the road classes to follow; empty means {@link #DEFAULT_HIGHWAY_CLASSES}
     * @param options piece length, cover, diameter, material and network name
     * @param diagnostics receives warnings about skipped roads and pieces without ground levels
     * @throws CgisException when no road has one of the classes, or the DEM's CRS differs
     */
    public static FeatureLayer alongRoads(FeatureLayer roads, Optional<Raster> dem, Set<String> highwayClasses,
            TrialOptions options, Diagnostics diagnostics) {
        if (roads == null) {
            throw new CgisException(NetworkMessages.BUNDLE, "trial.noRoadsLayer");
        }
        dem.ifPresent(raster -> PipeGradientCheck.checkSameCrs(roads.name(), roads.crs(), "dem", raster.grid().crs()));
        Set<String> classes = new TreeSet<>();
        (highwayClasses.isEmpty() ? DEFAULT_HIGHWAY_CLASSES : highwayClasses)
                .forEach(c -> classes.add(c.toLowerCase(Locale.ROOT)));

        List<LineString> lines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (Feature road : roads.features()) {
            String highway = NetworkLayers.text(road.get("highway")).toLowerCase(Locale.ROOT);
            found.add(highway);
            if (!classes.contains(highway)) {
                continue;
            }
            Geometry geometry = road.geometry();
            if (geometry == null || geometry.isEmpty() || geometry.getDimension() != 1) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badRoad", road.id(),
                        geometry == null ? "null" : geometry.getGeometryType());
                continue;
            }
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                if (geometry.getGeometryN(i) instanceof LineString line && line.getLength() > 0) {
                    lines.add(line);
                    names.add(NetworkLayers.text(road.get("name")));
                }
            }
        }
        if (lines.isEmpty()) {
            throw new CgisException(NetworkMessages.BUNDLE, "trial.noRoads", roads.name(), String.join(", ", classes),
                    String.join(", ", found));
        }

        Map<Coordinate, Integer> uses = vertexUses(lines);
        FeatureLayer out = new FeatureLayer(NetworkLayers.PIPES, GeometryKind.LINESTRING, roads.crs(),
                NetworkLayers.PIPES_FIELDS);
        Raster raster = dem.orElse(null);
        int withoutGround = 0;
        long id = 1;
        for (int r = 0; r < lines.size(); r++) {
            for (LineString piece : cut(lines.get(r), uses, options.pieceLengthM())) {
                Coordinate a = piece.getCoordinateN(0);
                Coordinate b = piece.getCoordinateN(piece.getNumPoints() - 1);
                double groundA = raster == null ? Double.NaN : raster.interpolate(a.x, a.y);
                double groundB = raster == null ? Double.NaN : raster.interpolate(b.x, b.y);
                Double upInvert = null;
                Double downInvert = null;
                if (Double.isNaN(groundA) || Double.isNaN(groundB)) {
                    withoutGround++;
                } else {
                    if (groundB > groundA) {
                        piece = piece.reverse();
                        double swap = groundA;
                        groundA = groundB;
                        groundB = swap;
                    }
                    upInvert = groundA - options.coverM();
                    downInvert = groundB - options.coverM();
                }
                Feature pipe = new Feature(id++, piece);
                pipe.set("name", names.get(r));
                pipe.set("kind", "sewer");
                pipe.set("diameter_mm", options.diameterMm());
                pipe.set("material", options.material());
                pipe.set("up_invert_m", upInvert);
                pipe.set("down_invert_m", downInvert);
                pipe.set("network", options.network());
                pipe.set("status", "planned");
                out.add(pipe);
            }
        }
        if (withoutGround > 0) {
            diagnostics.warn(NetworkMessages.BUNDLE, "trial.noGround", withoutGround, out.size());
        }
        LOG.info("Trial network: {} pipes along {} road lines of classes {}", out.size(), lines.size(), classes);
        return out;
    }

    /** Counts, per vertex, how many line ends and interior vertices of all lines sit on it. */
    private static Map<Coordinate, Integer> vertexUses(List<LineString> lines) {
        Map<Coordinate, Integer> uses = new HashMap<>();
        for (LineString line : lines) {
            for (Coordinate c : line.getCoordinates()) {
                uses.merge(new Coordinate(c.x, c.y), 1, Integer::sum);
            }
        }
        return uses;
    }

    /** Cuts {@code line} at shared interior vertices, then each span into equal pieces ≤ {@code maxLength}. */
    static List<LineString> cut(LineString line, Map<Coordinate, Integer> uses, double maxLength) {
        List<Double> cuts = new ArrayList<>();
        cuts.add(0.0);
        Coordinate[] coordinates = line.getCoordinates();
        double along = 0;
        for (int i = 1; i < coordinates.length - 1; i++) {
            along += coordinates[i - 1].distance(coordinates[i]);
            if (uses.getOrDefault(new Coordinate(coordinates[i].x, coordinates[i].y), 0) > 1) {
                cuts.add(along);
            }
        }
        double length = line.getLength();
        cuts.add(length);

        LengthIndexedLine indexed = new LengthIndexedLine(line);
        List<LineString> pieces = new ArrayList<>();
        for (int k = 0; k + 1 < cuts.size(); k++) {
            double from = cuts.get(k);
            double span = cuts.get(k + 1) - from;
            if (!(span > 1e-9)) {
                continue;
            }
            int count = (int) Math.ceil(span / maxLength - 1e-9);
            for (int p = 0; p < count; p++) {
                Geometry piece = indexed.extractLine(from + span * p / count, from + span * (p + 1) / count);
                if (piece instanceof LineString ls && ls.getLength() > 0) {
                    pieces.add(ls);
                }
            }
        }
        return pieces;
    }
}
