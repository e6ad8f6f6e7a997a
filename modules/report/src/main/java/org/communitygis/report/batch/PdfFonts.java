package org.communitygis.report.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.communitygis.core.CgisException;
import org.communitygis.report.ReportMessages;

/**
 * Finds a font with Chinese glyphs that PDFBox 3.0 can embed. PDFBox embeds only fonts with TrueType
 * ({@code glyf}) outlines: Noto Sans CJK from {@code fonts-noto-cjk} has CFF outlines and fails with
 * "OTF fonts do not have a glyf table", so the candidates are WenQuanYi Zen Hei and Micro Hei
 * ({@code fonts-wqy-zenhei}, {@code fonts-wqy-microhei}), AR PL UMing ({@code fonts-arphic-uming}) and
 * Droid Sans Fallback ({@code fonts-droid-fallback}) at their Debian paths. The system property
 * {@value #FONT_PROPERTY} names a {@code .ttf} or {@code .ttc} file to use instead.
 */
final class PdfFonts {
    /** System property with the path of the font file to embed; overrides the search. */
    static final String FONT_PROPERTY = "cgis.pdf.font";
    /** The Debian package that the error message names. */
    static final String PACKAGE = "fonts-wqy-zenhei";

    private static final List<String> CANDIDATES = List.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");

    private PdfFonts() {
    }

    /**
     * Returns the font file to embed.
     *
     * @throws CgisException naming {@value #PACKAGE} when no candidate exists, or when the file given by
     *     {@value #FONT_PROPERTY} is missing
     */
    static Path find() {
        String configured = System.getProperty(FONT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path file = Path.of(configured);
            if (!Files.isRegularFile(file)) {
                throw new CgisException(ReportMessages.BUNDLE, "batch.pdfFontMissing", file, PACKAGE);
            }
            return file;
        }
        for (String candidate : CANDIDATES) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new CgisException(ReportMessages.BUNDLE, "batch.noPdfFont", PACKAGE);
    }

    /**
     * Loads {@code file} into {@code document} for subset embedding: the first font of a collection that
     * has TrueType outlines and a Chinese glyph.
     *
     * @throws CgisException when the file cannot be read or has no such font
     */
    static PDType0Font load(PDDocument document, Path file) {
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
                TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
                TrueTypeFont[] found = new TrueTypeFont[1];
                collection.processAllFonts(font -> {
                    boolean postScript = font instanceof OpenTypeFont otf && otf.isPostScript();
                    if (found[0] == null && !postScript && font.getUnicodeCmapLookup().getGlyphId('村') > 0) {
                        found[0] = font;
                    }
                });
                if (found[0] == null) {
                    throw new CgisException(ReportMessages.BUNDLE, "batch.pdfFontUnusable", file, PACKAGE);
                }
                return PDType0Font.load(document, found[0], true);
            }
            TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
            return PDType0Font.load(document, font, true);
        } catch (IOException | UnsupportedOperationException e) {
            throw new CgisException(e, ReportMessages.BUNDLE, "batch.pdfFontUnusable", file, PACKAGE);
        }
    }
}
