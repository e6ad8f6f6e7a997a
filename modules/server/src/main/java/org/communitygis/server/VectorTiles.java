package org.communitygis.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.core.store.VectorTileSource;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.TopologyException;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mapbox Vector Tiles of each collection in the WebMercatorQuad tile matrix set (OGC 17-083r4 annex D,
 * EPSG:3857 with tile row 0 at the north edge), and the OGC API – Tiles and TileJSON 3.0.0 metadata.
 *
 * <p>A tile has one layer named after the collection. Each feature is projected to Web Mercator, mapped
 * to {@link MvtEncoder#EXTENT} units per tile side, clipped to the tile plus a {@value #BUFFER}-unit
 * buffer (so line joins and polygon edges at tile borders render without seams), simplified with
 * Douglas-Peucker at a tolerance of {@value #SIMPLIFY_TOLERANCE} unit (1/16 pixel of a 256-pixel tile,
 * so the ground tolerance halves with each zoom level) and snapped to the integer grid. Latitudes beyond
 * ±{@value #MAX_LATITUDE}° are clamped to the edge of the grid.
 *
 * <p>When the store encodes tiles itself ({@link VectorTileSource}, as PostGIS does with {@code ST_AsMVT}),
 * tiles come from the store with the same extent and buffer instead; the store then clips and snaps (no
 * Douglas-Peucker step) and reads the layer as it is in the database at the time of the first request for
 * the tile, or of every request when the tile cache is off ({@link MapServerOptions#tileCacheTiles()} 0).
 * The collection must still exist in the API, so unknown collections stay HTTP 404. Tiles of a layer read
 * per request from a store without its own encoder (a GeoPackage beyond
 * {@link MapServerOptions#maxHeldFeatures()}) are encoded in Java from the features that the store finds
 * in the tile's box and buffer.
 */
final class VectorTiles {
    /** Deepest zoom level served; deeper tiles are outside the tile matrix set as served here. */
    static final int MAX_ZOOM = 24;
    /** Media type of a Mapbox Vector Tile. */
    static final String MVT = "application/vnd.mapbox-vector-tile";
    /** Identifier of the only tile matrix set served. */
    static final String TILE_MATRIX_SET = "WebMercatorQuad";
    static final String TILE_MATRIX_SET_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    /** Clip buffer around the tile in tile units. */
    static final int BUFFER = 64;
    /** Douglas-Peucker tolerance in tile units. */
    static final double SIMPLIFY_TOLERANCE = 1.0;
    /** Latitude limit of Web Mercator, degrees. */
    static final double MAX_LATITUDE = 85.0511287798066;

    /** WGS 84 semi-major axis used by EPSG:3857, m. */
    private static final double RADIUS = 6378137.0;
    private static final double HALF_WORLD = Math.PI * RADIUS;
    private static final Logger LOG = LoggerFactory.getLogger(VectorTiles.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final PrecisionModel GRID = new PrecisionModel(1.0);

    private final FeatureService features;
    /** The store's own tile encoder, or null to encode in Java. */
    private final VectorTileSource source;
    /** Maximum number of tiles in {@link #cache}; 0 disables it. */
    private final int cacheTiles;
    /**
     * Encoded tiles by {@code collection/z/y/x}; an empty array marks an empty tile. A held layer does not
     * change after the server reads it. A tile of a layer read per request, or encoded by the store, keeps
     * the contents of its first request, until the layers are read again and a new cache starts.
     */
    private final Map<String, byte[]> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > cacheTiles;
        }
    };

    VectorTiles(FeatureService features) {
        this(features, null, MapServerOptions.DEFAULT_TILE_CACHE_TILES);
    }

    /**
     * Serves tiles of {@code features}, encoded by {@code store} when it is a {@link VectorTileSource}, and
     * keeps up to {@code cacheTiles} of them.
     */
    VectorTiles(FeatureService features, ProjectStore store, int cacheTiles) {
        this.features = features;
        this.source = store instanceof VectorTileSource tileSource ? tileSource : null;
        this.cacheTiles = cacheTiles;
    }


    /**
     * Returns the tile, or null when no feature touches it (sent as HTTP 204).
     *
     * @throws ApiException (404) for an unknown collection or a tile outside the grid, (503) past the deadline
     */
    byte[] tile(RequestContext context, String id, String zText, String yText, String xText) {
        VectorCollection collection = features.collectionForTiles(id);
        int z = tileIndex(zText, MAX_ZOOM, zText, yText, xText);
        int max = (1 << z) - 1;
        int y = tileIndex(yText, max, zText, yText, xText);
        int x = tileIndex(xText, max, zText, yText, xText);

        if (cacheTiles == 0) {
            return build(context, collection, z, y, x);
        }
        String key = id + "/" + z + "/" + y + "/" + x;
        byte[] cached;
        synchronized (cache) {
            cached = cache.get(key);
        }
        if (cached != null) {
            return cached.length == 0 ? null : cached;
        }
        byte[] tile = build(context, collection, z, y, x);
        synchronized (cache) {
            cache.put(key, tile == null ? new byte[0] : tile);
        }
        return tile;
    }

    private byte[] build(RequestContext context, VectorCollection collection, int z, int y, int x) {
        if (source != null) {
            context.checkDeadline();
            return source.vectorTile(collection.id(), z, x, y, MvtEncoder.EXTENT, BUFFER).orElse(null);
        }
        double tileSize = 2 * HALF_WORLD / (1 << z);
        double minX = -HALF_WORLD + x * tileSize;
        double maxY = HALF_WORLD - y * tileSize;
        double scale = MvtEncoder.EXTENT / tileSize;
        double bufferMeters = BUFFER / scale;
        Envelope query = new Envelope(lon(minX - bufferMeters), lon(minX + tileSize + bufferMeters),
                lat(maxY - tileSize - bufferMeters), lat(maxY + bufferMeters));
        Geometry clip = FACTORY.toGeometry(new Envelope(-BUFFER, MvtEncoder.EXTENT + BUFFER, -BUFFER,
                MvtEncoder.EXTENT + BUFFER));

        MvtEncoder encoder = new MvtEncoder(collection.id());
        int count = 0;
        VectorCollection view = collection.view(List.of(query));
        for (int position : view.candidates(query)) {
            if (count++ % 256 == 0) {
                context.checkDeadline();
            }
            Geometry geometry = view.geometry(position);
            if (geometry == null || geometry.isEmpty()) {
                continue;
            }
            Geometry tileGeometry = toTile(geometry, minX, maxY, scale);
            Geometry clipped = clip(tileGeometry, clip, collection.id(), position);
            if (clipped == null || clipped.isEmpty()) {
                continue;
            }
            Geometry simplified = clipped instanceof Point || clipped.getDimension() == 0 ? clipped
                    : DouglasPeuckerSimplifier.simplify(clipped, SIMPLIFY_TOLERANCE);
            Geometry snapped = clipped.getDimension() == 0 ? simplified
                    : GeometryPrecisionReducer.reduce(simplified, GRID);
            encoder.add(view.feature(position).path("id").asLong(-1), snapped,
                    view.feature(position).path("properties"));
        }
        return encoder.isEmpty() ? null : encoder.encode();
    }

    private static int tileIndex(String text, int max, String z, String y, String x) {
        if (text == null || text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            throw ApiException.notFound("tile.outside", z, y, x, MAX_ZOOM);
        }
        int value = Integer.parseInt(text);
        if (value > max) {
            throw ApiException.notFound("tile.outside", z, y, x, MAX_ZOOM);
        }
        return value;
    }

    private static Geometry toTile(Geometry crs84, double minX, double maxY, double scale) {
        Geometry copy = crs84.copy();
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence sequence, int i) {
                double mercatorX = Math.toRadians(sequence.getX(i)) * RADIUS;
                double latitude = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, sequence.getY(i)));
                double mercatorY = RADIUS * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(latitude) / 2));
                sequence.setOrdinate(i, 0, (mercatorX - minX) * scale);
                sequence.setOrdinate(i, 1, (maxY - mercatorY) * scale);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        copy.geometryChanged();
        return copy;
    }

    private static Geometry clip(Geometry geometry, Geometry clip, String layer, int position) {
        Envelope bounds = geometry.getEnvelopeInternal();
        if (clip.getEnvelopeInternal().contains(bounds)) {
            return geometry;
        }
        if (!clip.getEnvelopeInternal().intersects(bounds)) {
            return null;
        }
        try {
            return geometry.intersection(clip);
        } catch (TopologyException e) {
            if (geometry instanceof Polygonal) {
                try {
                    return geometry.buffer(0).intersection(clip);
                } catch (TopologyException again) {
                    LOG.warn("Layer {} feature at position {} left out of a tile: {}", layer, position,
                            again.getMessage());
                }
            }
            return null;
        }
    }

    private static double lon(double mercatorX) {
        return Math.max(-180, Math.min(180, Math.toDegrees(mercatorX / RADIUS)));
    }

    private static double lat(double mercatorY) {
        return Math.toDegrees(Math.atan(Math.sinh(mercatorY / RADIUS)));
    }

    /** Returns {@code /collections/{id}/tiles}: the list of tilesets (one, WebMercatorQuad). */
    ObjectNode tilesets(RequestContext context, String id) {
        VectorCollection collection = features.collectionForTiles(id);
        ObjectNode root = NODES.objectNode();
        root.put("title", collection.title());
        ArrayNode links = root.putArray("links");
        String base = context.url("/collections/" + id + "/tiles");
        links.add(FeatureService.link(base, "self", "application/json", collection.title()));
        ArrayNode list = root.putArray("tilesets");
        ObjectNode entry = list.addObject();
        entry.put("title", collection.title());
        entry.put("dataType", "vector");
        entry.put("crs", "http://www.opengis.net/def/crs/EPSG/0/3857");
        entry.put("tileMatrixSetURI", TILE_MATRIX_SET_URI);
        ArrayNode entryLinks = entry.putArray("links");
        entryLinks.add(FeatureService.link(base + "/" + TILE_MATRIX_SET, "self", "application/json",
                collection.title()));
        entryLinks.add(FeatureService.link(TILE_MATRIX_SET_URI,
                "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "application/json", TILE_MATRIX_SET));
        return root;
    }

    /** Returns {@code /collections/{id}/tiles/WebMercatorQuad}: the tileset metadata. */
    ObjectNode tileset(RequestContext context, String id) {
        VectorCollection collection = features.collectionForTiles(id);
        String base = context.url("/collections/" + id + "/tiles/" + TILE_MATRIX_SET);
        ObjectNode root = NODES.objectNode();
        root.put("title", collection.title());
        root.put("dataType", "vector");
        root.put("crs", "http://www.opengis.net/def/crs/EPSG/0/3857");
        root.put("tileMatrixSetURI", TILE_MATRIX_SET_URI);
        ObjectNode layer = root.putArray("layers").addObject();
        layer.put("id", collection.id());
        layer.put("dataType", "vector");
        if (dimension(collection) >= 0) {
            layer.put("geometryDimension", dimension(collection));
        }
        layer.put("minTileMatrix", "0");
        layer.put("maxTileMatrix", Integer.toString(MAX_ZOOM));

        Envelope extent = collection.extent();
        if (!extent.isNull()) {
            ObjectNode box = root.putObject("boundingBox");
            box.putArray("lowerLeft").add(extent.getMinX()).add(extent.getMinY());
            box.putArray("upperRight").add(extent.getMaxX()).add(extent.getMaxY());
            box.put("crs", FeatureService.CRS84_URI);
        }
        ArrayNode links = root.putArray("links");
        links.add(FeatureService.link(base, "self", "application/json", collection.title()));
        links.add(FeatureService.link(TILE_MATRIX_SET_URI, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme",
                "application/json", TILE_MATRIX_SET));
        ObjectNode template = FeatureService.link(base + "/{tileMatrix}/{tileRow}/{tileCol}", "item", MVT,
                collection.title());
        template.put("templated", true);
        links.add(template);
        links.add(FeatureService.link(base + "/tilejson.json", "alternate", "application/json", "TileJSON"));
        return root;
    }

    /** Returns the TileJSON 3.0.0 document of a collection's tiles. */
    ObjectNode tileJson(RequestContext context, String id) {
        VectorCollection collection = features.collectionForTiles(id);
        String base = context.url("/collections/" + id + "/tiles/" + TILE_MATRIX_SET);
        ObjectNode root = NODES.objectNode();
        root.put("tilejson", "3.0.0");
        root.put("name", collection.title());
        root.put("scheme", "xyz");
        root.putArray("tiles").add(base + "/{z}/{y}/{x}");
        root.put("minzoom", 0);
        root.put("maxzoom", MAX_ZOOM);
        Envelope extent = collection.extent();
        if (!extent.isNull()) {
            root.putArray("bounds").add(extent.getMinX()).add(extent.getMinY()).add(extent.getMaxX())
                    .add(extent.getMaxY());
            root.putArray("center").add(extent.centre().x).add(extent.centre().y).add(14);
        }
        ObjectNode layer = root.putArray("vector_layers").addObject();
        layer.put("id", collection.id());
        layer.put("minzoom", 0);
        layer.put("maxzoom", MAX_ZOOM);
        ObjectNode fields = layer.putObject("fields");
        collection.queryables().forEach((name, type) -> fields.put(name, type.name()));
        return root;
    }

    /** Returns 0, 1 or 2 for point, line and polygon layers, -1 for mixed geometry types. */
    private static int dimension(VectorCollection collection) {
        switch (collection.kind()) {
            case POINT:
            case MULTIPOINT:
                return 0;
            case LINESTRING:
            case MULTILINESTRING:
                return 1;
            case POLYGON:
            case MULTIPOLYGON:
                return 2;
            default:
                return -1;
        }
    }
}
