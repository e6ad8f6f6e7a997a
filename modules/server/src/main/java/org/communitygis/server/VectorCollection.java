package org.communitygis.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.GeometryKind;
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
 * <p>Immutable after construction and safe for concurrent readers; the GeoJSON nodes are shared between
 * responses and must not be modified. Features whose coordinates cannot be transformed (outside the
 * source CRS's area of use) are left out and counted in {@link #skipped()}; the constructor logs them.
 * Memory: the layer is held twice (CRS84 geometries and JSON trees), roughly 1 KB per simple feature.
 */
final class VectorCollection {
    private static final Logger LOG = LoggerFactory.getLogger(VectorCollection.class);
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final String id;
    private final String title;
    private final GeometryKind kind;
    private final String storageCrs;
    private final List<Field> fields;
    private final List<ObjectNode> features = new ArrayList<>();
    private final List<Geometry> geometries = new ArrayList<>();
    private final Map<Long, Integer> positionById = new HashMap<>();
    private final STRtree index = new STRtree();
    private final Envelope extent = new Envelope();
    private final int skipped;

    VectorCollection(FeatureLayer layer, String title, CrsTransform toCrs84) {
        this.id = layer.name();
        this.title = title == null || title.isBlank() ? layer.name() : title;
        this.kind = layer.kind();
        this.storageCrs = layer.crs();
        this.fields = layer.fields();
        int failures = 0;
        String firstFailure = null;
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
            int position = features.size();
            features.add(GeoJson.feature(feature.id(), geometry, feature.attributes()));
            geometries.add(geometry);
            positionById.putIfAbsent(feature.id(), position);
            if (geometry != null && !geometry.isEmpty()) {
                Envelope envelope = geometry.getEnvelopeInternal();
                index.insert(envelope, position);
                extent.expandToInclude(envelope);
            }
        }
        index.build();
        this.skipped = failures;
        if (failures > 0) {
            LOG.warn("Layer {}: {} of {} features left out because they cannot be transformed to CRS84; first: {}",
                    id, failures, layer.size(), firstFailure);
        }
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

    int size() {
        return features.size();
    }

    int skipped() {
        return skipped;
    }

    /** Returns the CRS84 extent, a null envelope when the layer has no geometry. */
    Envelope extent() {
        return extent;
    }

    ObjectNode feature(int position) {
        return features.get(position);
    }

    /** Returns the position of the feature with {@code featureId}, or -1. */
    int position(long featureId) {
        Integer position = positionById.get(featureId);
        return position == null ? -1 : position;
    }

    /**
     * Returns the positions, ascending, of the features whose CRS84 geometry intersects any of
     * {@code boxes} (boundary contact counts); all positions when {@code boxes} is empty.
     */
    int[] matching(List<Envelope> boxes) {
        if (boxes.isEmpty()) {
            int[] all = new int[features.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        BitSet hits = new BitSet(features.size());
        for (Envelope box : boxes) {
            Geometry rectangle = FACTORY.toGeometry(box);
            for (Object candidate : index.query(box)) {
                int position = (Integer) candidate;
                if (!hits.get(position) && geometries.get(position).intersects(rectangle)) {
                    hits.set(position);
                }
            }
        }
        return hits.stream().toArray();
    }
}
