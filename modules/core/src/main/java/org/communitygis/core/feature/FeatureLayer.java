package org.communitygis.core.feature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;

/**
 * A named vector layer held in memory: geometry kind, CRS code, ordered fields and features.
 *
 * <p>Layer names are lower-case ASCII identifiers ({@code roads}, {@code coverage_buildings}) so that they
 * are valid GeoPackage/PostGIS table names and URL path segments. All geometries are in {@link #crs()},
 * with easting/longitude as x.
 */
public final class FeatureLayer {
    private final String name;
    private final GeometryKind kind;
    private final String crs;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<Feature> features = new ArrayList<>();

    /** Creates an empty layer. */
    public FeatureLayer(String name, GeometryKind kind, String crs, List<Field> fields) {
        this.name = LayerNames.validate(name);
        this.kind = kind;
        this.crs = crs;
        for (Field field : fields) {
            this.fields.put(field.name(), field);
        }
    }

    /** Returns the layer name. */
    public String name() {
        return name;
    }

    /** Returns the geometry kind. */
    public GeometryKind kind() {
        return kind;
    }

    /** Returns the CRS code, e.g. {@code EPSG:4544}. */
    public String crs() {
        return crs;
    }

    /** Returns the fields in column order. */
    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    /** Returns the field called {@code fieldName}, if the layer has it. */
    public Optional<Field> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }

    /** Returns whether the layer has a field called {@code fieldName}. */
    public boolean hasField(String fieldName) {
        return fields.containsKey(fieldName);
    }

    /** Adds a field at the end, unless a field of that name exists. */
    public void addField(Field field) {
        fields.putIfAbsent(field.name(), field);
    }

    /** Returns the features, unmodifiable, in insertion order. */
    public List<Feature> features() {
        return Collections.unmodifiableList(features);
    }

    /** Returns the number of features. */
    public int size() {
        return features.size();
    }

    /**
     * Adds a feature after coercing its attributes to the field types; attributes without a field are
     * dropped.
     *
     * @throws IllegalArgumentException when the geometry does not fit the layer's kind
     */
    public void add(Feature feature) {
        if (!kind.accepts(feature.geometry())) {
            throw new IllegalArgumentException("Layer " + name + " of kind " + kind + " cannot store a "
                    + feature.geometry().getGeometryType() + " (feature " + feature.id() + ")");
        }
        Map<String, Object> attributes = feature.attributes();
        attributes.keySet().retainAll(fields.keySet());
        for (Field field : fields.values()) {
            attributes.put(field.name(), field.type().coerce(attributes.get(field.name())));
        }
        features.add(feature);
    }

    /** Returns the id one above the highest id in the layer (1 for an empty layer). */
    public long nextId() {
        long max = 0;
        for (Feature feature : features) {
            max = Math.max(max, feature.id());
        }
        return max + 1;
    }

    /** Returns the bounding box of all geometries (null envelope when empty). */
    public Envelope envelope() {
        Envelope envelope = new Envelope();
        for (Feature feature : features) {
            envelope.expandToInclude(feature.geometry().getEnvelopeInternal());
        }
        return envelope;
    }
}
