package org.communitygis.roads;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Classifies a road's {@code surface} value as weak (unbound, breaks up under trucks when wet) or strong
 * (asphalt, concrete and other bound or paved surfaces).
 *
 * <p>Values are OSM {@code surface} tags or common Chinese survey terms (砂石, 土路, 沥青, 水泥 …), which are
 * normalized to the OSM tag first. Weak: unpaved, gravel, fine_gravel, compacted, dirt, ground, earth,
 * grass, mud, sand, pebblestone, woodchips, grass_paver. Strong: paved, asphalt, concrete (with its
 * {@code :plates} and {@code :lanes} forms), chipseal, paving_stones, sett, cobblestone,
 * unhewn_cobblestone, metal, wood. A missing or unrecognized value is unknown and counts as weak, so
 * that missing survey data never hides a hazard.
 */
final class Surfaces {
    private static final Set<String> WEAK = Set.of("unpaved", "gravel", "fine_gravel", "compacted", "dirt",
            "ground", "earth", "grass", "mud", "sand", "pebblestone", "woodchips", "grass_paver");
    private static final Set<String> STRONG = Set.of("paved", "asphalt", "concrete", "concrete:plates",
            "concrete:lanes", "chipseal", "paving_stones", "sett", "cobblestone", "unhewn_cobblestone",
            "metal", "wood");
    private static final Map<String, String> CHINESE = Map.ofEntries(
            Map.entry("砂石", "gravel"), Map.entry("沙石", "gravel"), Map.entry("碎石", "gravel"),
            Map.entry("泥结碎石", "gravel"), Map.entry("级配碎石", "gravel"), Map.entry("砂石路", "gravel"),
            Map.entry("土", "dirt"), Map.entry("土路", "dirt"), Map.entry("泥土", "dirt"), Map.entry("素土", "dirt"),
            Map.entry("未硬化", "unpaved"), Map.entry("硬化", "paved"), Map.entry("沥青", "asphalt"),
            Map.entry("柏油", "asphalt"), Map.entry("水泥", "concrete"), Map.entry("混凝土", "concrete"),
            Map.entry("水泥混凝土", "concrete"));

    private Surfaces() {
    }

    /** Returns the OSM surface tag for {@code value}, or null when it is missing or unrecognized. */
    static String normalize(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        String mapped = CHINESE.get(text);
        if (mapped != null) {
            return mapped;
        }
        String tag = text.toLowerCase(Locale.ROOT).replace(' ', '_');
        return WEAK.contains(tag) || STRONG.contains(tag) ? tag : null;
    }

    /** Returns whether the normalized tag (null for unknown) is a weak surface. */
    static boolean isWeak(String normalizedTag) {
        return normalizedTag == null || WEAK.contains(normalizedTag);
    }

    /** Returns every recognized OSM surface tag, weak and strong. */
    static Set<String> knownTags() {
        Set<String> tags = new TreeSet<>(WEAK);
        tags.addAll(STRONG);
        return tags;
    }

    /** Returns the bundle key of the surface's display name, e.g. {@code surface.concrete_plates}. */
    static String labelKey(String normalizedTag) {
        return "surface." + normalizedTag.replace(':', '_');
    }
}
