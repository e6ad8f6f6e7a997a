package org.communitygis.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.feature.LayerNames;

/**
 * The parsed {@code import --layer-map SOURCE[:FAMILY]=LAYER} entries, and the rule that picks the geometry
 * family an entry applies to when one source yields several layers.
 *
 * <p>A DXF layer or KML folder may hold points, lines and polygons, which become one layer each. An entry
 * with a family ({@code GCD:points=spot_heights}, family {@code points}, {@code lines} or {@code polygons})
 * applies to that family only. An entry without one applies to the family that its target layer is defined
 * with ({@link #expectedFamily}): {@code buildings}, {@code landuse} and {@code zones} take polygons;
 * {@code roads}, {@code pipes}, {@code waterways} and {@code contours} take lines; {@code facilities} and
 * {@code spot_heights} take points. The source's other families keep their default names (such as
 * {@code gcd_lines}), and the importer warns about each of them. A target without a defined family takes
 * every family, named {@code LAYER_points}, {@code LAYER_lines} and {@code LAYER_polygons} when there are
 * several. A source with one family is mapped whatever the target.
 */
final class LayerMap {
    /** The geometry families of source layers, as written after the colon in an entry. */
    enum Family {
        POINTS, LINES, POLYGONS;

        /** Returns the family of a layer of {@code kind}, or empty for a mixed {@code GEOMETRY} layer. */
        static Optional<Family> of(GeometryKind kind) {
            if (kind.isPuntal()) {
                return Optional.of(POINTS);
            }
            if (kind.isLinear()) {
                return Optional.of(LINES);
            }
            return kind.isAreal() ? Optional.of(POLYGONS) : Optional.empty();
        }

        /** Returns the lower-case name used in entries and layer names: {@code points}, {@code lines} … */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One entry.
     *
     * @param key the option text before {@code =}, reported when the entry matches nothing
     * @param source the source name, without the family
     * @param family the family given after the colon, when any
     * @param target the project layer name
     */
    record Entry(String key, String source, Optional<Family> family, String target) {
        /** Returns whether this entry names {@code candidate}, exactly or ignoring case. */
        boolean names(String candidate) {
            return source.equals(candidate) || source.equalsIgnoreCase(candidate);
        }
    }

    private static final Map<String, Family> EXPECTED = Map.of("buildings", Family.POLYGONS, "landuse",
            Family.POLYGONS, "zones", Family.POLYGONS, "roads", Family.LINES, "pipes", Family.LINES, "waterways",
            Family.LINES, "contours", Family.LINES, "facilities", Family.POINTS, "spot_heights", Family.POINTS);

    private final List<Entry> entries;
    private final Set<String> used = new HashSet<>();

    private LayerMap(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Parses the option values, key → target, in option order.
     *
     * @throws CgisException when a target is not a valid layer name
     */
    static LayerMap parse(Map<String, String> option) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, String> item : option.entrySet()) {
            if (!LayerNames.isValid(item.getValue())) {
                throw new CgisException(CliMessages.BUNDLE, "import.layerMapInvalid", item.getValue());
            }
            String key = item.getKey();
            String source = key;
            Optional<Family> family = Optional.empty();
            int colon = key.lastIndexOf(':');
            if (colon > 0) {
                String suffix = key.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
                for (Family candidate : Family.values()) {
                    if (candidate.name().equals(suffix)) {
                        family = Optional.of(candidate);
                        source = key.substring(0, colon);
                    }
                }
            }
            entries.add(new Entry(key, source, family, item.getValue()));
        }
        return new LayerMap(entries);
    }

    /** Returns the family a project layer of this name is defined with, or empty for other names. */
    static Optional<Family> expectedFamily(String target) {
        return Optional.ofNullable(EXPECTED.get(target));
    }

    /** Returns the source names of entries whose target is one of {@code targets}. */
    Set<String> sourcesMappedTo(Set<String> targets) {
        Set<String> sources = new HashSet<>();
        for (Entry entry : entries) {
            if (targets.contains(entry.target())) {
                sources.add(entry.source());
            }
        }
        return sources;
    }

    /**
     * Returns the first entry, in option order, that names {@code candidate} and, when the entry has a family,
     * that family; exact matches are tried before matches that ignore case. The entry is marked as used.
     */
    Optional<Entry> find(String candidate, Optional<Family> family) {
        for (boolean exact : new boolean[] {true, false}) {
            for (Entry entry : entries) {
                boolean named = exact ? entry.source().equals(candidate) : entry.names(candidate);
                boolean familyMatches = entry.family().isEmpty() || entry.family().equals(family);
                if (named && familyMatches) {
                    used.add(entry.key());
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    /** Returns the entries that matched no source so far. */
    List<Entry> unused() {
        return entries.stream().filter(entry -> !used.contains(entry.key())).toList();
    }
}
