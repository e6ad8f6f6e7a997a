package org.communitygis.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.store.FeatureQuerySource;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vector layer prepared for serving: features transformed to CRS84 once, their GeoJSON trees, an
 * id lookup and an STRtree over the CRS84 envelopes.
 *
 * <p>A collection made by {@link #stored} contains no features: it keeps the layer's schema, count and extent
 * and reads features from a {@link FeatureQuerySource} per request. {@link #view} and {@link #viewOf} then
 * return a view: a collection of the candidates that a request can match, so every query runs the same
 * code on both kinds. A held collection returns itself from both. A view lives for one request. It has no
 * STRtree, because its few hundred candidates are tested one by one. It builds a feature's GeoJSON tree
 * only when asked for it, and writes a page's JSON straight from the features.
 *
 * <p>Immutable after construction and safe for concurrent readers; the GeoJSON nodes are shared between
 * responses and must not be modified. Features whose coordinates cannot be transformed (outside the
 * source CRS's area of use) are left out and counted in {@link #skipped()}; the constructor logs them.
 * Memory: a held layer is held twice (CRS84 geometries and JSON trees), roughly 1 KB per simple feature.
 */
final class VectorCollection {
    private static final Logger LOG = LoggerFactory.getLogger(VectorCollection.class);
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final int DEADLINE_CHECK_INTERVAL = 1024;

    private final String id;
    private final String title;
    private final GeometryKind kind;
    private final String storageCrs;
    private final List<Field> fields;
    /** GeoJSON trees: all built by the constructor of a held collection, built on first use in a view. */
    private final AtomicReferenceArray<ObjectNode> features;
    /** The features of a view, for its trees and JSON; null in a held collection. */
    private final List<Feature> viewFeatures;
    private final List<Geometry> geometries = new ArrayList<>();
    private final Map<Long, Integer> positionById = new HashMap<>();
    /** Index of the CRS84 envelopes; null in a view. */
    private final STRtree index;
    private final Envelope extent = new Envelope();
    private final int skipped;
    private final List<ServedCrs> crsList;
    private final AtomicReferenceArray<byte[]> featureJson;
    private final Map<String, FieldType> queryables = new LinkedHashMap<>();
    /** The store read per request, or null when this collection contains the features. */
    private final FeatureQuerySource source;
    /** The same store as {@link #source}, for reading a whole layer; null when the features are held. */
    private final ProjectStore store;
    private final CrsTransform toCrs84;
    private final CrsTransform fromCrs84;
    /** Feature count of a stored collection, as the store reported it. */
    private final long storedCount;

    VectorCollection(FeatureLayer layer, String title, CrsTransform toCrs84) {
        this(layer, title, toCrs84, null, null, null, null, false);
    }

    /**
     * Returns a collection that reads {@code info}'s layer from {@code source} per request; only the schema
     * is read here. The extent is {@code info}'s envelope transformed to CRS84, which may be slightly
     * larger than the extent of the transformed geometries.
     *
     * @param store the project, the same object as {@code source}
     * @param fromCrs84 transform from CRS84 to the layer's CRS, for the bounding boxes of queries
     */
    static VectorCollection stored(ProjectStore store, FeatureQuerySource source, LayerInfo info,
            CrsTransform toCrs84, CrsTransform fromCrs84) {
        FeatureLayer schema = source.readFeatures(info.name(), new Envelope());
        return new VectorCollection(schema, info.title(), toCrs84, store, source, fromCrs84, info, false);
    }

    /**
     * @param view whether this is a view for one request: no index, trees on demand, failures not logged
     */
    private VectorCollection(FeatureLayer layer, String title, CrsTransform toCrs84, ProjectStore store,
            FeatureQuerySource source, CrsTransform fromCrs84, LayerInfo info, boolean view) {
        this.store = store;
        this.source = source;
        this.toCrs84 = toCrs84;
        this.fromCrs84 = fromCrs84;
        this.storedCount = info == null ? 0 : info.count();
        this.id = layer.name();
        this.title = title == null || title.isBlank() ? layer.name() : title;
        this.kind = layer.kind();
        this.storageCrs = layer.crs();
        this.fields = layer.fields();
        int failures = 0;
        String firstFailure = null;
        this.index = view ? null : new STRtree();
        this.viewFeatures = view ? new ArrayList<>(layer.size()) : null;
        List<ObjectNode> nodes = new ArrayList<>(view ? 0 : layer.size());
        for (Feature feature : layer.features()) {
            Geometry geometry;
            try {
                geometry = feature.geometry() == null ? null : toCrs84.apply(feature.geometry());
            } catch (CgisException e) {
                failures++;
                if (firstFailure == null) {
                    firstFailure = "feature " + feature.id() + ": " + e.getMessage();
                }
                continue;
            }
            int position = geometries.size();
            if (view) {
                viewFeatures.add(feature);
            } else {
                nodes.add(GeoJson.feature(feature.id(), geometry, feature.attributes()));
            }
            geometries.add(geometry);
            if (!view) {
                positionById.putIfAbsent(feature.id(), position);
            }
            if (geometry != null && !geometry.isEmpty()) {
                Envelope envelope = geometry.getEnvelopeInternal();
                if (index != null) {
                    index.insert(envelope, position);
                }
                extent.expandToInclude(envelope);
            }
        }
        if (index != null) {
            index.build();
        }
        this.features = new AtomicReferenceArray<>(geometries.size());
        for (int i = 0; i < nodes.size(); i++) {
            features.set(i, nodes.get(i));
        }
        this.skipped = failures;
        for (Field field : fields) {
            queryables.put(field.name(), field.type());
        }
        this.crsList = crsList(storageCrs);
        this.featureJson = new AtomicReferenceArray<>(view ? 0 : geometries.size());
        if (info != null && info.envelope() != null && !info.envelope().isNull()) {
            try {
                extent.expandToInclude(toCrs84.apply(info.envelope()));
            } catch (CgisException e) {
                LOG.warn("Layer {}: its extent cannot be transformed to CRS84 and is left out: {}", id,
                        e.getMessage());
            }
        }
        if (failures > 0 && !view) {
            LOG.warn("Layer {}: {} of {} features left out because they cannot be transformed to CRS84; first: {}",
                    id, failures, layer.size(), firstFailure);
        }
    }

    private static List<ServedCrs> crsList(String storageCrs) {
        List<ServedCrs> list = new ArrayList<>();
        list.add(ServedCrs.CRS84);
        list.add(ServedCrs.of(Crs.WGS84));
        list.add(ServedCrs.of(Crs.CGCS2000));
        if (storageCrs != null) {
            try {
                ServedCrs storage = ServedCrs.of(storageCrs);
                if (!list.contains(storage)) {
                    list.add(storage);
                }
            } catch (CgisException e) {
                LOG.warn("Layer CRS {} cannot be offered in the API: {}", storageCrs, e.getMessage());
            }
        }
        return List.copyOf(list);
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    GeometryKind kind() {
        return kind;
    }

    String storageCrs() {
        return storageCrs;
    }

    List<Field> fields() {
        return fields;
    }

    /** Returns whether features are read from the store per request rather than held. */
    boolean readPerRequest() {
        return source != null;
    }

    /** Returns the number of features: held ones, or the count the store reported for a stored collection. */
    int size() {
        return source == null ? geometries.size() : (int) Math.min(Integer.MAX_VALUE, storedCount);
    }

    /**
     * Returns the collection to run a query with these CRS84 {@code boxes} on (every feature when empty):
     * this collection when it contains its features, else the features the store finds in the boxes' bounding
     * boxes. A box that cannot be transformed to the layer's CRS and back makes the view read the whole
     * layer.
     */
    VectorCollection view(List<Envelope> boxes) {
        if (source == null) {
            return this;
        }
        FeatureLayer candidates = boxes.isEmpty() ? null : readBoxes(boxes);
        if (candidates == null) {
            candidates = store.readFeatures(id);
        }
        return new VectorCollection(candidates, title, toCrs84, null, null, null, null, true);
    }

    /** Returns the collection to look up {@code featureId} in: this one, or the store's feature alone. */
    VectorCollection viewOf(long featureId) {
        if (source == null) {
            return this;
        }
        return new VectorCollection(source.readFeature(id, featureId), title, toCrs84, null, null, null, null,
                true);
    }

    /** Reads the features in any of the CRS84 boxes, once each and in id order; null when a box cannot be transformed. */
    private FeatureLayer readBoxes(List<Envelope> boxes) {
        Map<Long, Feature> byId = new TreeMap<>();
        FeatureLayer first = null;
        for (Envelope box : boxes) {
            Envelope layerBox;
            try {
                layerBox = fromCrs84.apply(box);
                // Far outside the CRS's area of use (a world box into a Gauss-Krüger zone) the transform can
                // return a box that misses the data without failing. Transformed back, such a box no longer
                // covers the request's box, and the whole layer is read instead.
                Envelope back = toCrs84.apply(layerBox);
                back.expandBy(1e-7);
                if (!back.covers(box)) {
                    return null;
                }
            } catch (CgisException e) {
                return null;
            }
            // A margin of a millionth of the coordinates' magnitude keeps a feature on the box's edge from
            // being lost to rounding in the transform. The exact test in CRS84 follows.
            double magnitude = Math.max(1, Math.max(Math.abs(layerBox.getMaxX()), Math.abs(layerBox.getMaxY())));
            layerBox.expandBy(magnitude * 1e-6);
            FeatureLayer read = source.readFeatures(id, layerBox);
            first = first == null ? read : first;
            read.features().forEach(feature -> byId.putIfAbsent(feature.id(), feature));
        }
        if (boxes.size() == 1) {
            return first;
        }
        FeatureLayer merged = new FeatureLayer(first.name(), first.kind(), first.crs(), first.fields());
        byId.values().forEach(merged::add);
        return merged;
    }

    int skipped() {
        return skipped;
    }

    /** Returns the CRS84 extent, a null envelope when the layer has no geometry. */
    Envelope extent() {
        return extent;
    }

    /**
     * Returns the CRS84 GeoJSON tree of the feature at {@code position}; a view builds it on first use.
     * Concurrent first uses may build it twice, which is harmless as the trees are equal.
     */
    ObjectNode feature(int position) {
        ObjectNode node = features.get(position);
        if (node == null) {
            Feature feature = viewFeatures.get(position);
            node = GeoJson.feature(feature.id(), geometries.get(position), feature.attributes());
            features.set(position, node);
        }
        return node;
    }

    /** Returns the position of the feature with {@code featureId}, or -1. */
    int position(long featureId) {
        if (viewFeatures != null) {
            for (int position = 0; position < viewFeatures.size(); position++) {
                if (viewFeatures.get(position).id() == featureId) {
                    return position;
                }
            }
            return -1;
        }
        Integer position = positionById.get(featureId);
        return position == null ? -1 : position;
    }

    /** Returns the positions, ascending, of features whose CRS84 envelope intersects {@code box}. */
    int[] candidates(Envelope box) {
        BitSet hits = new BitSet(geometries.size());
        if (index == null) {
            for (int position = 0; position < geometries.size(); position++) {
                Geometry geometry = geometries.get(position);
                if (geometry != null && !geometry.isEmpty() && geometry.getEnvelopeInternal().intersects(box)) {
                    hits.set(position);
                }
            }
            return hits.stream().toArray();
        }
        for (Object candidate : index.query(box)) {
            hits.set((Integer) candidate);
        }
        return hits.stream().toArray();
    }

    /**
     * Returns the CRS84 GeoJSON of the feature at {@code position} as UTF-8 bytes, serialized on first use
     * and kept. Concurrent first uses may serialize twice, which is harmless as the bytes are equal.
     */
    byte[] featureJson(int position, ObjectMapper mapper) throws JsonProcessingException {
        byte[] json = featureJson.get(position);
        if (json == null) {
            json = mapper.writeValueAsBytes(feature(position));
            featureJson.set(position, json);
        }
        return json;
    }

    /**
     * Writes the CRS84 GeoJSON of the features at {@code positions[from]} to {@code positions[to - 1]},
     * separated by commas. A held collection splices the bytes of {@link #featureJson}. A view writes
     * each feature once with one generator, without building its tree.
     */
    void writeFeatures(int[] positions, int from, int to, OutputStream out, ObjectMapper mapper)
            throws IOException {
        if (viewFeatures == null) {
            for (int i = from; i < to; i++) {
                if (i > from) {
                    out.write(',');
                }
                out.write(featureJson(positions[i], mapper));
            }
            return;
        }
        try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
            generator.setRootValueSeparator(new SerializedString(","));
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            GeoJson.Writer writer = new GeoJson.Writer(generator);
            for (int i = from; i < to; i++) {
                Feature feature = viewFeatures.get(positions[i]);
                writer.write(feature.id(), geometries.get(positions[i]), feature.attributes());
            }
        }
    }

    /** Returns the CRS84 geometry at {@code position}, null when the feature has none. */
    Geometry geometry(int position) {
        return geometries.get(position);
    }

    /** Returns the CRSs this collection is served in: CRS84 first, then EPSG:4326, EPSG:4490, the storage CRS. */
    List<ServedCrs> crsList() {
        return crsList;
    }

    /** Returns the queryable properties (every field) and their types, in field order. */
    Map<String, FieldType> queryables() {
        return queryables;
    }

    /**
     * Returns the positions, ascending, of the features whose CRS84 geometry intersects any of
     * {@code boxes} (boundary contact counts); all positions when {@code boxes} is empty.
     */
    int[] matching(List<Envelope> boxes) {
        return matching(boxes, null, null);
    }

    /**
     * Returns the positions, ascending, of the features that intersect any of {@code boxes} (all when
     * empty) and for which {@code filter} (when not null) is TRUE.
     *
     * @param context checked every {@value #DEADLINE_CHECK_INTERVAL} features for the request's deadline,
     *     may be null
     */
    int[] matching(List<Envelope> boxes, Cql2Filter filter, RequestContext context) {
        BitSet hits = new BitSet(geometries.size());
        if (boxes.isEmpty()) {
            hits.set(0, geometries.size());
        } else {
            for (Envelope box : boxes) {
                Geometry rectangle = FACTORY.toGeometry(box);
                for (int position : candidates(box)) {
                    // A geometry inside the box intersects it, so only those crossing its edge need the exact test.
                    Geometry geometry = geometries.get(position);
                    if (!hits.get(position) && (box.covers(geometry.getEnvelopeInternal())
                            || geometry.intersects(rectangle))) {
                        hits.set(position);
                    }
                }
            }
        }
        if (filter != null) {
            int checked = 0;
            for (int position = hits.nextSetBit(0); position >= 0; position = hits.nextSetBit(position + 1)) {
                if (context != null && checked++ % DEADLINE_CHECK_INTERVAL == 0) {
                    context.checkDeadline();
                }
                JsonNode properties = feature(position).path("properties");
                if (!Boolean.TRUE.equals(filter.test(properties, geometries.get(position)))) {
                    hits.clear(position);
                }
            }
        }
        return hits.stream().toArray();
    }

    /**
     * Returns the feature at {@code position} in {@code crs} with only {@code properties} (all when null).
     * The cached CRS84 tree is returned as is when nothing changes, so callers must not modify it.
     */
    ObjectNode feature(int position, ServedCrs crs, List<String> properties) {
        ObjectNode cached = feature(position);
        if (crs.code().equals(ServedCrs.CRS84.code()) && properties == null) {
            return cached;
        }
        ObjectNode copy = cached.deepCopy();
        if (!crs.code().equals(ServedCrs.CRS84.code())) {
            copy.set("geometry", GeoJson.geometry(crs.fromCrs84(geometries.get(position))));
        }
        if (properties != null) {
            ObjectNode selected = copy.putObject("properties");
            JsonNode all = cached.path("properties");
            for (String name : properties) {
                if (all.has(name)) {
                    selected.set(name, all.get(name));
                }
            }
        }
        return copy;
    }
}
