package org.communitygis.core.feature;

import java.util.LinkedHashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One vector feature: a positive id unique in its layer, a JTS geometry in the layer's CRS (easting or
 * longitude first) and attribute values keyed by field name.
 */
public final class Feature {
    private final long id;
    private Geometry geometry;
    private final Map<String, Object> attributes;

    /** Creates a feature with a copy of {@code attributes}. */
    public Feature(long id, Geometry geometry, Map<String, ?> attributes) {
        this.id = id;
        this.geometry = geometry;
        this.attributes = new LinkedHashMap<>(attributes);
    }

    /** Creates a feature without attributes. */
    public Feature(long id, Geometry geometry) {
        this(id, geometry, Map.of());
    }

    /** Returns the feature id, unique within its layer. */
    public long id() {
        return id;
    }

    /** Returns the geometry, in the layer's CRS. */
    public Geometry geometry() {
        return geometry;
    }

    /** Replaces the geometry. */
    public void setGeometry(Geometry geometry) {
        this.geometry = geometry;
    }

    /** Returns the mutable attribute map, in field order. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Returns the value of {@code field}, or null. */
    public Object get(String field) {
        return attributes.get(field);
    }

    /** Sets the value of {@code field}. */
    public Feature set(String field, Object value) {
        attributes.put(field, value);
        return this;
    }

    /** Returns the value of {@code field} as text, or null. */
    public String getString(String field) {
        Object value = attributes.get(field);
        return value == null ? null : value.toString();
    }

    /** Returns the numeric value of {@code field}, or {@code fallback} when it is missing or not a number. */
    public double getDouble(String field, double fallback) {
        Object value = attributes.get(field);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** Returns the whole-number value of {@code field}, or {@code fallback} when it is missing or not a number. */
    public long getLong(String field, long fallback) {
        double value = getDouble(field, Double.NaN);
        return Double.isNaN(value) ? fallback : Math.round(value);
    }

    @Override
    public String toString() {
        return "Feature[" + id + ", " + geometry.getGeometryType() + ", " + attributes + "]";
    }
}
