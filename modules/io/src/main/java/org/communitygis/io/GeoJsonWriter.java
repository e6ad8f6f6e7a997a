package org.communitygis.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.nio.file.Path;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes a layer as a GeoJSON FeatureCollection (RFC 7946), UTF-8, replacing the target file only when the
 * whole layer has been written.
 *
 * <p>By default coordinates are transformed to CRS:84 (longitude, latitude) and rounded to 7 decimals
 * (1e-7° is about 1 cm). With {@code keepCrs} they stay in the layer's CRS and the legacy (2008)
 * {@code crs} member names it, e.g. {@code urn:ogc:def:crs:EPSG::4544}. That is not RFC 7946 but is what
 * GDAL and QGIS read. In a kept projected CRS coordinates are rounded to 4 decimals (0.1 mm).
 *
 * <p>Each feature has its layer id as {@code id} and every field of the layer in {@code properties}, null
 * included. Non-finite numbers are written as null. In a layer of a multi kind (MULTIPOLYGON…) single
 * geometries are written as one-part multi geometries, so that readers such as GDAL see one geometry type. The top-level {@code name} member (a GDAL convention)
 * is the layer name. Exterior rings are written counter-clockwise and holes clockwise (RFC 7946 §3.1.6).
 */
public final class GeoJsonWriter {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final int DEGREE_DECIMALS = 7;
    private static final int METRE_DECIMALS = 4;

    private GeoJsonWriter() {
    }

    /** Writes {@code layer} to {@code file} in CRS:84. */
    public static void write(FeatureLayer layer, Path file) {
        write(layer, file, false);
    }

    /**
     * Writes {@code layer} to {@code file}, in CRS:84 or, with {@code keepCrs}, in the layer's CRS with a
     * legacy {@code crs} member.
     *
     * @throws org.communitygis.core.CgisException when the folder is missing, a write fails or a coordinate
     *     cannot be transformed
     */
    public static void write(FeatureLayer layer, Path file, boolean keepCrs) {
        String target = keepCrs ? Crs.normalizeCode(layer.crs()) : Crs.CRS84;
        CrsTransform transform = Crs.transform(layer.crs(), target);
        int decimals = Crs.isGeographic(target) ? DEGREE_DECIMALS : METRE_DECIMALS;
        AtomicFiles.write(file, temporary -> {
            try (JsonGenerator out = JSON.createGenerator(temporary.toFile(), JsonEncoding.UTF8)) {
                writeCollection(out, layer, keepCrs ? target : null, transform, decimals);
            }
        });
    }

    private static void writeCollection(JsonGenerator out, FeatureLayer layer, String crsCode, CrsTransform transform,
            int decimals) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", "FeatureCollection");
        out.writeStringField("name", layer.name());
        if (crsCode != null) {
            out.writeObjectFieldStart("crs");
            out.writeStringField("type", "name");
            out.writeObjectFieldStart("properties");
            out.writeStringField("name", legacyCrsName(crsCode));
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeArrayFieldStart("features");
        for (Feature feature : layer.features()) {
            out.writeStartObject();
            out.writeStringField("type", "Feature");
            out.writeNumberField("id", feature.id());
            out.writeFieldName("geometry");
            if (feature.geometry() == null || feature.geometry().isEmpty()) {
                out.writeNull();
            } else {
                GeoJsonGeometry.write(out, promote(transform.apply(feature.geometry()), layer.kind()), decimals);
            }
            out.writeObjectFieldStart("properties");
            for (Field field : layer.fields()) {
                writeValue(out, field.name(), feature.get(field.name()));
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** Returns {@code geometry} as a one-part multi geometry when the layer kind is a multi kind, else unchanged. */
    private static Geometry promote(Geometry geometry, GeometryKind kind) {
        GeometryFactory factory = geometry.getFactory();
        if (kind == GeometryKind.MULTIPOLYGON && geometry instanceof Polygon polygon) {
            return factory.createMultiPolygon(new Polygon[] {polygon});
        }
        if (kind == GeometryKind.MULTILINESTRING && geometry instanceof LineString line) {
            return factory.createMultiLineString(new LineString[] {line});
        }
        if (kind == GeometryKind.MULTIPOINT && geometry instanceof Point point) {
            return factory.createMultiPoint(new Point[] {point});
        }
        return geometry;
    }

    /** Returns the OGC URN GDAL writes for a CRS, e.g. {@code urn:ogc:def:crs:EPSG::4544}. */
    static String legacyCrsName(String code) {
        return code.equals(Crs.CRS84) ? "urn:ogc:def:crs:OGC:1.3:CRS84" : "urn:ogc:def:crs:EPSG::" + Crs.epsg(code);
    }

    private static void writeValue(JsonGenerator out, String name, Object value) throws IOException {
        out.writeFieldName(name);
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Long || value instanceof Integer) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            double real = number.doubleValue();
            if (Double.isFinite(real)) {
                out.writeNumber(real);
            } else {
                out.writeNull();
            }
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else {
            out.writeString(value.toString());
        }
    }
}
