package org.communitygis.roads;

import java.util.Locale;
import java.util.Map;

/** Severity of one pavement damage (损坏程度), as the distress survey records it. */
public enum DamageSeverity {
    /** 轻. */
    LIGHT,
    /** 中. */
    MEDIUM,
    /** 重. */
    HEAVY;

    private static final Map<String, DamageSeverity> WORDS = Map.ofEntries(
            Map.entry("轻", LIGHT), Map.entry("轻度", LIGHT), Map.entry("轻微", LIGHT), Map.entry("light", LIGHT),
            Map.entry("low", LIGHT), Map.entry("l", LIGHT), Map.entry("1", LIGHT),
            Map.entry("中", MEDIUM), Map.entry("中度", MEDIUM), Map.entry("中等", MEDIUM), Map.entry("medium", MEDIUM),
            Map.entry("moderate", MEDIUM), Map.entry("m", MEDIUM), Map.entry("2", MEDIUM),
            Map.entry("重", HEAVY), Map.entry("重度", HEAVY), Map.entry("严重", HEAVY), Map.entry("heavy", HEAVY),
            Map.entry("high", HEAVY), Map.entry("severe", HEAVY), Map.entry("h", HEAVY), Map.entry("3", HEAVY));

    /** Returns the severity a user wrote (轻/中/重, light/medium/heavy, L/M/H, 1–3), or null when unknown. */
    public static DamageSeverity parse(String text) {
        if (text == null) {
            return null;
        }
        return WORDS.get(text.trim().toLowerCase(Locale.ROOT));
    }
}
