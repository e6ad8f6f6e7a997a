package org.communitygis.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.io.OsmReader;
import org.communitygis.server.MapServer;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Serves an OSM extract for load tests and writes the request paths the bench script replays with wrk.
 *
 * <p>Usage: {@code MapApiBench OSM_FILE OUT_DIR SECONDS}. The layers are transformed to the local metric
 * CRS that {@link Crs#localMetricCode} picks (as {@code cgis import} does), so the server does its usual
 * one-time transform to CRS84. It writes {@code OUT_DIR/url}, {@code OUT_DIR/bbox-paths.txt} (items
 * queries whose bbox contains 90–110 buildings, around random buildings, seed 7) and
 * {@code OUT_DIR/tile-paths.txt} (the zoom-15 and zoom-16 building tiles), then serves for
 * {@code SECONDS} seconds on 127.0.0.1.
 */
public final class MapApiBench {
    private static final int QUERIES = 200;
    private static final int TARGET = 100;

    private MapApiBench() {
    }

    public static void main(String[] args) throws Exception {
        Path osm = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long seconds = Long.parseLong(args[2]);
        Files.createDirectories(out);

        List<FeatureLayer> layers = OsmReader.read(osm, new Diagnostics());
        FeatureLayer buildings = layers.stream().filter(l -> l.name().equals("buildings")).findFirst().orElseThrow();
        Envelope all = new Envelope();
        buildings.features().forEach(f -> all.expandToInclude(f.geometry().getEnvelopeInternal()));
        String crs = Crs.localMetricCode(all.centre().x, all.centre().y);
        CrsTransform toProject = Crs.transform(Crs.CRS84, crs);
        MemoryStore store = new MemoryStore();
        store.setCrs(crs);
        for (FeatureLayer layer : layers) {
            FeatureLayer projected = new FeatureLayer(layer.name(), layer.kind(), crs, layer.fields());
            for (Feature feature : layer.features()) {
                Geometry geometry = feature.geometry() == null ? null : toProject.apply(feature.geometry());
                projected.add(new Feature(feature.id(), geometry, feature.attributes()));
            }
            store.writeFeatures(projected);
        }

        writeBboxPaths(buildings, out.resolve("bbox-paths.txt"));
        writeTilePaths(all, out.resolve("tile-paths.txt"));
        MapServer server = new MapServer(store, "north-bayreuth").start("127.0.0.1", 0);
        Files.writeString(out.resolve("url"), server.url());
        System.out.printf(Locale.ROOT, "%d buildings in %s, serving %s for %d s%n", buildings.size(), crs,
                server.url(), seconds);
        Thread.sleep(seconds * 1000);
        server.stop();
    }

    /** Writes items paths whose CRS84 bbox, centred on a random building, intersects 90–110 buildings. */
    private static void writeBboxPaths(FeatureLayer buildings, Path file) throws Exception {
        STRtree index = new STRtree();
        List<Geometry> geometries = new ArrayList<>();
        for (Feature feature : buildings.features()) {
            index.insert(feature.geometry().getEnvelopeInternal(), geometries.size());
            geometries.add(feature.geometry());
        }
        Random random = new Random(7);
        List<String> paths = new ArrayList<>();
        while (paths.size() < QUERIES) {
            Geometry centre = geometries.get(random.nextInt(geometries.size()));
            double x = centre.getCentroid().getX();
            double y = centre.getCentroid().getY();
            double low = 1e-5;
            double high = 0.05;
            for (int step = 0; step < 40; step++) {
                double half = (low + high) / 2;
                int count = index.query(new Envelope(x - half, x + half, y - half, y + half)).size();
                if (count < TARGET) {
                    low = half;
                } else {
                    high = half;
                }
            }
            Envelope box = new Envelope(x - high, x + high, y - high, y + high);
            int count = index.query(box).size();
            if (count >= TARGET - 10 && count <= TARGET + 10) {
                paths.add(String.format(Locale.ROOT, "/collections/buildings/items?limit=200&bbox=%.6f,%.6f,%.6f,%.6f",
                        box.getMinX(), box.getMinY(), box.getMaxX(), box.getMaxY()));
            }
        }
        Files.write(file, paths);
    }

    private static void writeTilePaths(Envelope extent, Path file) throws Exception {
        List<String> paths = new ArrayList<>();
        for (int z = 15; z <= 16; z++) {
            int minX = tileX(extent.getMinX(), z);
            int maxX = tileX(extent.getMaxX(), z);
            int minY = tileY(extent.getMaxY(), z);
            int maxY = tileY(extent.getMinY(), z);
            for (int y = minY; y <= maxY; y++) {
                for (int x = minX; x <= maxX; x++) {
                    paths.add("/collections/buildings/tiles/WebMercatorQuad/" + z + "/" + y + "/" + x);
                }
            }
        }
        Files.write(file, paths);
    }

    private static int tileX(double lon, int z) {
        return (int) Math.floor((lon + 180) / 360 * (1 << z));
    }

    private static int tileY(double lat, int z) {
        double radians = Math.toRadians(lat);
        return (int) Math.floor((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2 * (1 << z));
    }
}
