package org.communitygis.io;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;

/**
 * Collects features keyed by a source group name (a DXF layer, a KML folder) and builds one
 * {@link FeatureLayer} per group and geometry family (points, lines, polygons), for the readers of CAD and
 * GPS formats.
 *
 * <p>Layer names: {@link SourceLayerNames#of} of the group name when it contains a letter or digit
 * ({@code JMD} → {@code jmd}, {@code 房屋} → {@code u623f_u5c4b}), otherwise {@code layer_N} with N the
 * group's position in the file (1-based). A group with several families gets the suffix
 * {@code _points}, {@code _lines} or {@code _polygons}. Names are made unique with {@code _2}, {@code _3}.
 *
 * <p>Fields: the fixed fields passed to the constructor first, in that order, then every other attribute
 * key in first-seen order. The type of such a key is inferred from its values, nulls ignored: whole numbers
 * (Long, or text like {@code 12}) → INTEGER, numbers with decimals → REAL, booleans → BOOLEAN, anything else
 * → STRING. Text with a leading zero ({@code 007}) stays STRING so codes keep their digits.
 */
final class LayerAssembler {
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?(0|[1-9][0-9]{0,17})");
    private static final Pattern REAL_TEXT = Pattern.compile("[+-]?(0|[1-9][0-9]*)?\\.[0-9]+([eE][+-]?[0-9]+)?"
            + "|[+-]?(0|[1-9][0-9]*)[eE][+-]?[0-9]+");

    /** Geometry families, in the order their layers are built. */
    enum Family {
        POINTS, LINES, POLYGONS;

        static Family of(Geometry geometry) {
            if (geometry instanceof Puntal) {
                return POINTS;
            }
            if (geometry instanceof Lineal) {
                return LINES;
            }
            if (geometry instanceof Polygonal) {
                return POLYGONS;
            }
            throw new IllegalArgumentException("Geometry collections are split before they reach the assembler: "
                    + geometry.getGeometryType());
        }

        String suffix() {
            return "_" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String crs;
    private final List<Field> fixedFields;
    private final Set<String> fixedNames = new HashSet<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();

    /** Creates an assembler for layers in {@code crs} whose fields start with {@code fixedFields}. */
    LayerAssembler(String crs, List<Field> fixedFields) {
        this.crs = crs;
        this.fixedFields = List.copyOf(fixedFields);
        fixedFields.forEach(field -> fixedNames.add(field.name()));
    }

    /** Adds a feature to group {@code source}; the geometry must be a point, line or polygon (single or multi). */
    void add(String source, Geometry geometry, Map<String, Object> attributes) {
        Group group = groups.computeIfAbsent(source, key -> new Group());
        Family family = Family.of(geometry);
        group.features.computeIfAbsent(family, key -> new ArrayList<>()).add(new Pending(geometry, attributes));
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            if (!fixedNames.contains(entry.getKey())) {
                group.columns.computeIfAbsent(family, key -> new LinkedHashMap<>())
                        .computeIfAbsent(entry.getKey(), key -> new ColumnStats()).see(entry.getValue());
            }
        }
    }

    /** Returns whether no feature was added. */
    boolean isEmpty() {
        return groups.isEmpty();
    }

    /** Builds the layers, groups in first-seen order and families in the order of {@link Family}. */
    List<SourceLayer> build() {
        List<SourceLayer> result = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int position = 0;
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            position++;
            String source = entry.getKey();
            Group group = entry.getValue();
            String base = baseName(source, position);
            for (Family family : Family.values()) {
                List<Pending> features = group.features.get(family);
                if (features == null) {
                    continue;
                }
                String name = group.features.size() > 1 ? base + family.suffix() : base;
                name = unique(name, used);
                result.add(new SourceLayer(source, buildLayer(name, family, features,
                        group.columns.getOrDefault(family, Map.of()))));
            }
        }
        return result;
    }

    private FeatureLayer buildLayer(String name, Family family, List<Pending> features,
            Map<String, ColumnStats> columns) {
        List<Field> fields = new ArrayList<>(fixedFields);
        columns.forEach((key, stats) -> fields.add(new Field(key, stats.type())));
        FeatureLayer layer = new FeatureLayer(name, kind(family, features), crs, fields);
        long id = 1;
        for (Pending feature : features) {
            Map<String, Object> attributes = new LinkedHashMap<>(feature.attributes());
            for (Field field : fields) {
                // A blank text in a numeric column is a missing value, not a parse error.
                if (field.type() != FieldType.STRING && attributes.get(field.name()) instanceof String text
                        && text.isBlank()) {
                    attributes.put(field.name(), null);
                }
            }
            layer.add(new Feature(id++, feature.geometry(), attributes));
        }
        return layer;
    }

    private static GeometryKind kind(Family family, List<Pending> features) {
        boolean multi = false;
        for (Pending feature : features) {
            multi |= feature.geometry().getNumGeometries() > 1
                    || feature.geometry().getGeometryType().startsWith("Multi");
        }
        switch (family) {
            case POINTS:
                return multi ? GeometryKind.MULTIPOINT : GeometryKind.POINT;
            case LINES:
                return multi ? GeometryKind.MULTILINESTRING : GeometryKind.LINESTRING;
            default:
                return multi ? GeometryKind.MULTIPOLYGON : GeometryKind.POLYGON;
        }
    }

    private static String baseName(String source, int position) {
        boolean named = source.codePoints().anyMatch(Character::isLetterOrDigit);
        String name = named ? SourceLayerNames.of(source) : "layer_" + position;
        // Leave room for a family suffix and a uniqueness suffix within the 63-character limit.
        return name.length() > 50 ? name.substring(0, 50) : name;
    }

    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int suffix = 2; !used.add(candidate); suffix++) {
            candidate = name + "_" + suffix;
        }
        return candidate;
    }

    /** The features of one source group by family, and the value classes of its non-fixed attributes. */
    private static final class Group {
        private final Map<Family, List<Pending>> features = new EnumMap<>(Family.class);
        private final Map<Family, Map<String, ColumnStats>> columns = new EnumMap<>(Family.class);
    }

    private record Pending(Geometry geometry, Map<String, Object> attributes) {
    }

    /** The value classes seen in one attribute column. */
    private static final class ColumnStats {
        private boolean integers;
        private boolean reals;
        private boolean booleans;
        private boolean texts;

        void see(Object value) {
            if (value == null) {
                return;
            }
            if (value instanceof Long || value instanceof Integer) {
                integers = true;
            } else if (value instanceof Number) {
                reals = true;
            } else if (value instanceof Boolean) {
                booleans = true;
            } else {
                String text = value.toString().trim();
                if (INTEGER_TEXT.matcher(text).matches()) {
                    integers = true;
                } else if (REAL_TEXT.matcher(text).matches()) {
                    reals = true;
                } else if (!text.isEmpty()) {
                    texts = true;
                }
            }
        }

        FieldType type() {
            boolean numbers = integers || reals;
            if (texts || (booleans && numbers)) {
                return FieldType.STRING;
            }
            if (booleans) {
                return FieldType.BOOLEAN;
            }
            if (reals) {
                return FieldType.REAL;
            }
            return integers ? FieldType.INTEGER : FieldType.STRING;
        }
    }
}
