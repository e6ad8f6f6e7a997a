package org.communitygis.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;

/**
 * The four layers built from OSM data, with the names and fields fixed by the project's layer table, and
 * the conversion of OSM tags to their attributes.
 *
 * <p>Tag values are parsed as follows: {@code lanes}, {@code households} and {@code residents} must be whole
 * numbers; {@code width} is metres, bare or with the unit {@code m}; {@code maxweight} is tonnes, bare or with
 * the unit {@code t}. A comma is accepted as decimal separator. Other values (feet, {@code 2;3}, {@code none})
 * leave the attribute null with a warning.
 */
final class OsmLayers {
    static final String ROADS = "roads";
    static final String BUILDINGS = "buildings";
    static final String WATERWAYS = "waterways";
    static final String LANDUSE = "landuse";

    private static final Pattern INTEGER = Pattern.compile("\\s*(\\d{1,9})\\s*");
    private static final Pattern METRES = Pattern.compile("\\s*(\\d+(?:[.,]\\d+)?)\\s*(?:m)?\\s*");
    private static final Pattern TONNES = Pattern.compile("\\s*(\\d+(?:[.,]\\d+)?)\\s*(?:t)?\\s*");

    private final Diagnostics diagnostics;
    final FeatureLayer roads = new FeatureLayer(ROADS, GeometryKind.LINESTRING, Crs.CRS84, List.of(
            new Field("osm_id", FieldType.INTEGER), new Field("highway", FieldType.STRING),
            new Field("name", FieldType.STRING), new Field("ref", FieldType.STRING),
            new Field("surface", FieldType.STRING), new Field("lanes", FieldType.INTEGER),
            new Field("width_m", FieldType.REAL), new Field("maxweight_t", FieldType.REAL),
            new Field("heavy_vehicles_per_day", FieldType.INTEGER)));
    final FeatureLayer buildings = new FeatureLayer(BUILDINGS, GeometryKind.MULTIPOLYGON, Crs.CRS84, List.of(
            new Field("osm_id", FieldType.INTEGER), new Field("building", FieldType.STRING),
            new Field("name", FieldType.STRING), new Field("households", FieldType.INTEGER),
            new Field("residents", FieldType.INTEGER)));
    final FeatureLayer waterways = new FeatureLayer(WATERWAYS, GeometryKind.LINESTRING, Crs.CRS84, List.of(
            new Field("osm_id", FieldType.INTEGER), new Field("waterway", FieldType.STRING),
            new Field("name", FieldType.STRING), new Field("width_m", FieldType.REAL)));
    final FeatureLayer landuse = new FeatureLayer(LANDUSE, GeometryKind.MULTIPOLYGON, Crs.CRS84, List.of(
            new Field("osm_id", FieldType.INTEGER), new Field("landuse", FieldType.STRING),
            new Field("name", FieldType.STRING)));

    OsmLayers(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Returns the attributes of a feature of {@code layer} from an OSM element's tags. */
    Map<String, Object> attributes(String layer, long osmId, String ref, Map<String, String> tags) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("osm_id", osmId);
        values.put("name", tags.get("name"));
        switch (layer) {
            case ROADS:
                values.put("highway", tags.get("highway"));
                values.put("ref", tags.get("ref"));
                values.put("surface", tags.get("surface"));
                values.put("lanes", parse(layer, ref, tags, "lanes", INTEGER));
                values.put("width_m", parse(layer, ref, tags, "width", METRES));
                values.put("maxweight_t", parse(layer, ref, tags, "maxweight", TONNES));
                values.put("heavy_vehicles_per_day", null);
                break;
            case BUILDINGS:
                values.put("building", tags.get("building"));
                values.put("households", parse(layer, ref, tags, "households", INTEGER));
                values.put("residents", parse(layer, ref, tags, "residents", INTEGER));
                break;
            case WATERWAYS:
                values.put("waterway", tags.get("waterway"));
                values.put("width_m", parse(layer, ref, tags, "width", METRES));
                break;
            case LANDUSE:
                values.put("landuse", tags.get("landuse"));
                break;
            default:
                throw new IllegalArgumentException(layer);
        }
        return values;
    }

    /** Returns all four layers in a fixed order. */
    List<FeatureLayer> all() {
        return List.of(roads, buildings, waterways, landuse);
    }

    FeatureLayer layer(String name) {
        switch (name) {
            case ROADS:
                return roads;
            case BUILDINGS:
                return buildings;
            case WATERWAYS:
                return waterways;
            case LANDUSE:
                return landuse;
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private Object parse(String layer, String ref, Map<String, String> tags, String key, Pattern pattern) {
        String value = tags.get(key);
        if (value == null) {
            return null;
        }
        Matcher matcher = pattern.matcher(value);
        if (!matcher.matches()) {
            diagnostics.warn(IoMessages.BUNDLE, "osm.tagInvalid", layer, ref, key, value);
            return null;
        }
        String number = matcher.group(1).replace(',', '.');
        return pattern == INTEGER ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
    }
}
