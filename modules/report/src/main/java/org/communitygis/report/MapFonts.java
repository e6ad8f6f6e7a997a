package org.communitygis.report;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Optional;

/**
 * Finds an installed font that can draw Chinese map labels.
 *
 * <p>Java's logical fonts (SansSerif, Dialog) draw Chinese only when the operating system's font
 * configuration maps them to a CJK font, which headless servers often lack, so the probe looks for a
 * physical family. Known families come first (Noto Sans CJK from Debian's {@code fonts-noto-cjk},
 * WenQuanYi from {@code fonts-wqy-zenhei} or {@code fonts-wqy-microhei}, AR PL from
 * {@code fonts-arphic-uming}), then any family whose font can display {@value #PROBE}.
 */
final class MapFonts {
    /** The character every candidate font must display. */
    static final String PROBE = "村";

    private static final List<String> PREFERRED = List.of("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
            "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN", "AR PL UKai CN",
            "Droid Sans Fallback");
    private static final List<String> LOGICAL = List.of("Dialog", "DialogInput", "Monospaced", "Serif", "SansSerif");

    private MapFonts() {
    }

    /** Returns a plain 12 pt CJK-capable font among the installed families, if any. */
    static Optional<Font> findCjkFont() {
        return findCjkFont(List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()));
    }

    /** Returns a plain 12 pt CJK-capable font among {@code families}, preferred families first, if any. */
    static Optional<Font> findCjkFont(List<String> families) {
        for (String preferred : PREFERRED) {
            if (families.contains(preferred)) {
                Font font = new Font(preferred, Font.PLAIN, 12);
                if (font.canDisplayUpTo(PROBE) == -1) {
                    return Optional.of(font);
                }
            }
        }
        for (String family : families) {
            if (!LOGICAL.contains(family)) {
                Font font = new Font(family, Font.PLAIN, 12);
                if (font.getFamily().equals(family) && font.canDisplayUpTo(PROBE) == -1) {
                    return Optional.of(font);
                }
            }
        }
        return Optional.empty();
    }
}
