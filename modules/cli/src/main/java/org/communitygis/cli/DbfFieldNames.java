package org.communitygis.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;

/**
 * Restores project field names that a DBF cut to its limit of 10 characters, e.g. {@code up_invert_} →
 * {@code up_invert_m} in a Shapefile imported as {@code pipes}.
 *
 * <p>A field is renamed when its name has exactly 10 characters and, ignoring case, is not itself a field of
 * the target layer's schema but is the start of exactly one longer schema field that the layer does not
 * already have. The schemas are those of the project layers in docs/architecture.md. Fields of other layers
 * keep their names.
 */
final class DbfFieldNames {
    /** Maximum length of a field name in a dBASE III/IV header, in characters. */
    static final int DBF_MAX_LENGTH = 10;

    private static final Map<String, List<String>> SCHEMAS = Map.of(
            "roads", List.of("osm_id", "highway", "name", "ref", "surface", "lanes", "width_m", "maxweight_t",
                    "heavy_vehicles_per_day", "axle_loads", "axle_load_kn", "iri_m_per_km"),
            "buildings", List.of("osm_id", "building", "name", "households", "residents"),
            "waterways", List.of("osm_id", "waterway", "name", "width_m"),
            "landuse", List.of("osm_id", "landuse", "name"),
            "pipes", List.of("name", "kind", "diameter_mm", "width_m", "material", "up_invert_m", "down_invert_m",
                    "network", "status"),
            "facilities", List.of("name", "kind", "capacity_households", "capacity_m3_per_day", "power_kw",
                    "network"),
            "zones", List.of("name", "code"));

    private DbfFieldNames() {
    }

    /**
     * Returns {@code layer} with its cut field names restored, or {@code layer} itself when none is cut. Warns
     * once with the list of renames.
     */
    static FeatureLayer restore(FeatureLayer layer, String fileName, Diagnostics diagnostics) {
        List<String> schema = SCHEMAS.get(layer.name());
        if (schema == null) {
            return layer;
        }
        Map<String, String> renames = new LinkedHashMap<>();
        for (Field field : layer.fields()) {
            String full = fullName(field.name(), schema);
            if (full != null && layer.fields().stream().noneMatch(other -> other.name().equals(full))) {
                renames.put(field.name(), full);
            }
        }
        if (renames.isEmpty()) {
            return layer;
        }

        List<Field> fields = new ArrayList<>();
        for (Field field : layer.fields()) {
            fields.add(new Field(renames.getOrDefault(field.name(), field.name()), field.type()));
        }
        FeatureLayer result = new FeatureLayer(layer.name(), layer.kind(), layer.crs(), fields);
        for (Feature feature : layer.features()) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            feature.attributes().forEach((name, value) -> attributes.put(renames.getOrDefault(name, name), value));
            result.add(new Feature(feature.id(), feature.geometry(), attributes));
        }
        StringBuilder list = new StringBuilder();
        renames.forEach((cut, full) -> list.append(list.length() == 0 ? "" : ", ").append(cut).append(" → ").append(full));
        diagnostics.warn(CliMessages.BUNDLE, "import.dbfFieldsRestored", fileName, layer.name(), list);
        return result;
    }

    /** Returns the only schema field that {@code name} is a cut form of, or null. */
    private static String fullName(String name, List<String> schema) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.length() != DBF_MAX_LENGTH || schema.contains(lower)) {
            return null;
        }
        List<String> matches = schema.stream().filter(field -> field.length() > lower.length() && field.startsWith(lower))
                .toList();
        return matches.size() == 1 ? matches.get(0) : null;
    }
}
