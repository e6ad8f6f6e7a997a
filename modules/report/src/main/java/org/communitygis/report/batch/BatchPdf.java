package org.communitygis.report.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.communitygis.report.ReportMessages;

/**
 * Writes {@code report.pdf} with Apache PDFBox: the summary table of every community, the failures, then
 * one A4 page per community with its figures, map ({@code communities/<id>/map.png}) and zone table. Text
 * uses a subset of the CJK font of {@link PdfFonts}. The PDF carries PDFBox's creation data and is not
 * byte-identical between runs; the tables are.
 */
final class BatchPdf {
    private static final float MARGIN = 40;
    private static final float LINE = 13;

    private BatchPdf() {
    }

    static void write(Path target, Path outDir, List<CommunityResult> results, Table failures, Locale locale,
            String title, Path fontFile) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDFont font = PdfFonts.load(document, fontFile);
            Writer writer = new Writer(document, font);
            writer.heading(title);
            Table communities = BatchTables.create(BatchTables.COMMUNITIES);
            results.forEach(r -> communities.addAll(r.table(BatchTables.COMMUNITIES)));
            writer.table(communities, List.of("community_id", "community", "households", "served_households",
                    "served_share_pct", "unserved_households", "damage_zones", "reverse_links"), locale);
            if (!failures.rows.isEmpty()) {
                writer.heading(ReportMessages.BUNDLE.format(locale, "batch.failures", failures.rows.size()));
                writer.table(failures, List.of("community_id", "message"), locale);
            }
            for (CommunityResult result : results) {
                writer.newPage();
                writer.heading(result.name() + " (" + result.id() + ")");
                Table row = result.table(BatchTables.COMMUNITIES);
                writer.text(ReportMessages.BUNDLE.format(locale, "batch.summaryLine",
                        row.text(0, row.column("households")), row.text(0, row.column("served_households")),
                        row.text(0, row.column("served_share_pct")), row.text(0, row.column("unserved_households"))));
                Path map = outDir.resolve(BatchReport.pagePath(result.id())).resolveSibling(BatchReport.MAP_PNG);
                if (Files.isRegularFile(map)) {
                    // createFromByteArray embeds the PNG's compressed data as is. createFromFile decodes
                    // and re-compresses it, which a JFR profile showed as most of the batch's CPU time.
                    writer.image(PDImageXObject.createFromByteArray(document, Files.readAllBytes(map),
                            map.getFileName().toString()));
                }
                writer.table(result.table(BatchTables.ZONES), List.of("zone", "households", "served_households",
                        "served_share_pct", "unserved_households"), locale);
            }
            writer.close();
            BatchFiles.replace(target, temp -> document.save(temp.toFile()));
        }
    }

    /** Lays out text, tables and images top-down, starting new pages as needed. */
    private static final class Writer {
        private final PDDocument document;
        private final PDFont font;
        private PDPageContentStream content;
        private float y;

        Writer(PDDocument document, PDFont font) throws IOException {
            this.document = document;
            this.font = font;
            newPage();
        }

        void newPage() throws IOException {
            close();
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void close() throws IOException {
            if (content != null) {
                content.close();
                content = null;
            }
        }

        private void need(float height) throws IOException {
            if (y - height < MARGIN) {
                newPage();
            }
        }

        void heading(String text) throws IOException {
            need(2 * LINE);
            show(text, MARGIN, y - 14, 14);
            y -= 2 * LINE;
        }

        void text(String text) throws IOException {
            need(LINE);
            show(text, MARGIN, y - 10, 10);
            y -= 1.5f * LINE;
        }

        void image(PDImageXObject image) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            float height = width * image.getHeight() / image.getWidth();
            need(height + LINE);
            content.drawImage(image, MARGIN, y - height, width, height);
            y -= height + LINE;
        }

        void table(Table table, List<String> keys, Locale locale) throws IOException {
            float width = (PDRectangle.A4.getWidth() - 2 * MARGIN) / keys.size();
            int[] columns = keys.stream().mapToInt(table::column).toArray();
            need(LINE * 2);
            for (int c = 0; c < columns.length; c++) {
                show(fit(ReportMessages.BUNDLE.format(locale, "batch.col." + keys.get(c)), width), MARGIN + c * width,
                        y - 9, 8);
            }
            y -= LINE;
            for (int r = 0; r < table.rows.size(); r++) {
                need(LINE);
                for (int c = 0; c < columns.length; c++) {
                    show(fit(table.label(r, columns[c], locale), width), MARGIN + c * width, y - 9, 8);
                }
                y -= LINE;
            }
            y -= LINE;
        }

        /** Cuts {@code text} to about the characters that fit into {@code width} points at 8 pt. */
        private static String fit(String text, float width) {
            int max = Math.max(4, (int) (width / 8));
            return text.length() > max ? text.substring(0, max - 1) + "…" : text;
        }

        private void show(String text, float x, float baseline, float size) throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, baseline);
            content.showText(text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
            content.endText();
        }
    }
}
