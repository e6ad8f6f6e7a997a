package org.communitygis.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * Reads an ASCII DXF drawing (AutoCAD R12 to 2018, {@code $ACADVER} AC1009 to AC1032) into layers, one per
 * DXF layer and geometry family (see {@link LayerAssembler} for the names). The parser is this project's
 * own: it reads the group code/value pairs of the HEADER, TABLES, BLOCKS and ENTITIES sections and skips
 * the others. Binary DXF and DWG are not read ({@link FormatDetector} rejects them with advice).
 *
 * <p>Text encoding: UTF-8 for AC1021 (AutoCAD 2007) and later; before that the code page of
 * {@code $DWGCODEPAGE} ({@code ANSI_936} = GBK, {@code ANSI_950} = Big5, {@code ANSI_1252} …). Escapes
 * {@code \U+XXXX} and {@code \M+nXXXX} are decoded in names and texts.
 *
 * <p>Entities read, in model space only (paper-space entities, code 67 = 1, are skipped): LINE, POINT,
 * LWPOLYLINE and POLYLINE (2D and 3D, closed flag, bulge arcs densified to
 * {@value DxfCurves#CHORD_TOLERANCE} m chord error; polyface and polygon meshes skipped), CIRCLE, ARC,
 * ELLIPSE, SPLINE, TEXT, MTEXT (formatting codes stripped), INSERT (the block expanded with insertion
 * point, scale, rotation and column/row arrays, nested up to {@value DxfEntityConverter#MAX_BLOCK_DEPTH}
 * levels, plus a point feature carrying the ATTRIB values as fields {@code attr_<tag>}), and HATCH (boundary
 * paths → polygons). Other entity types are counted by type and reported in one warning.
 *
 * <p>Closed polylines, circles, full ellipses and closed splines on an area layer become polygons, on any
 * other layer closed lines. Area layers are those named in {@link Options#areaLayers} and those whose name
 * matches {@link #DEFAULT_AREA_LAYERS} (the building layer JMD of CASS, 房屋, 建筑, building …).
 *
 * <p>Units: coordinates are read as metres whatever {@code $INSUNITS} states, because drawings made from
 * the metric AutoCAD template carry {@code $INSUNITS} = 4 (mm) while surveyors draw in metres; a unit
 * other than unitless or metres is reported in a warning. Elevations: see {@link DxfElevations}.
 *
 * <p>Fields of every layer: {@code layer} (the DXF layer name), {@code entity} (the DXF entity type),
 * {@code handle}, {@code block} (the innermost block a feature was expanded from, or the INSERT's block),
 * {@code text}, {@code text_height} (m), {@code elevation_m}, {@code elevation_source} ({@code z},
 * {@code attribute} or {@code text}), then the {@code attr_<tag>} fields of the INSERTs in that layer. A
 * numeric text that gave a survey point its elevation is not a feature, so that a layer of spot heights
 * holds only the points.
 *
 * <p>An entity with a numeric group code whose value is not a number (such as {@code abc} after code 10) is
 * skipped with a warning naming its line, type and handle, instead of being read with 0.
 *
 * <p>A DXF has no CRS, so the caller passes it. A Gauss-Krüger CRS whose eastings do not match the data
 * (zone number prefix present or missing) is rejected with the code that fits, see {@link GaussKrugerZones}.
 */
public final class DxfReader {
    /** DXF layer names whose closed lines become polygons without being configured (case-insensitive). */
    public static final Pattern DEFAULT_AREA_LAYERS = Pattern.compile(
            "(?i)JMD|.*(房屋|建筑|居民地|building|bldg|house).*");

    private static final List<Field> FIELDS = List.of(new Field("layer", FieldType.STRING),
            new Field("entity", FieldType.STRING), new Field("handle", FieldType.STRING),
            new Field("block", FieldType.STRING), new Field("text", FieldType.STRING),
            new Field("text_height", FieldType.REAL), new Field("elevation_m", FieldType.REAL),
            new Field("elevation_source", FieldType.STRING));

    /**
     * Options of a DXF import.
     *
     * @param crs the CRS of the drawing's coordinates, e.g. {@code EPSG:4544}
     * @param areaLayers DXF layer names (case-insensitive) whose closed lines become polygons, besides
     *     {@link #DEFAULT_AREA_LAYERS}
     * @param elevationTextLayers DXF layer names (case-insensitive) whose numeric texts label survey points
     *     on any layer, besides the point's own layer
     */
    public record Options(String crs, Set<String> areaLayers, Set<String> elevationTextLayers) {
        /** Returns options with the CRS only. */
        public static Options of(String crs) {
            return new Options(crs, Set.of(), Set.of());
        }
    }

    /**
     * A read drawing.
     *
     * @param layers the layers with their DXF layer names
     * @param version {@code $ACADVER}, e.g. {@code AC1032}, or empty when the file has no HEADER
     * @param charset the charset the texts were decoded with, or {@code UTF-8/GBK} when guessed per value
     * @param entities the number of model-space entities read (an INSERT counts once)
     * @param skipped entities of unsupported types by type
     * @param truncatedAtLine the line where a truncated file ends, 0 when it ends with {@code EOF}
     */
    public record Drawing(List<SourceLayer> layers, String version, String charset, int entities,
            Map<String, Integer> skipped, long truncatedAtLine) {
    }

    private final Path file;
    private final Options options;
    private final Diagnostics diagnostics;
    private final Map<String, DxfEntityConverter.Block> blocks = new HashMap<>();
    private final Map<String, String> header = new HashMap<>();
    private final List<DxfDrawn> drawn = new ArrayList<>();
    private DxfEntityConverter converter;
    private int entities;
    private int paperSpace;
    private int invalidNumbers;
    private String section = "";

    private DxfReader(Path file, Options options, Diagnostics diagnostics) {
        this.file = file;
        this.options = options;
        this.diagnostics = diagnostics;
    }

    /**
     * Reads {@code file}.
     *
     * @throws CgisException when the file is missing or unreadable, has an invalid group code line, ends
     *     before any entity was read, contains no entities, or does not fit a Gauss-Krüger CRS
     */
    public static Drawing read(Path file, Options options, Diagnostics diagnostics) {
        return new DxfReader(file, options, diagnostics).read();
    }

    private Drawing read() {
        long truncatedAt = 0;
        String charsetName = "UTF-8/GBK";
        try (DxfTokenizer tokens = new DxfTokenizer(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            try {
                charsetName = parse(tokens);
            } catch (Truncated e) {
                truncatedAt = tokens.linesRead();
            } catch (DxfTokenizer.SyntaxError e) {
                if (!e.truncated) {
                    throw new CgisException(IoMessages.BUNDLE, "dxf.badGroupCode", file, e.line, e.text);
                }
                truncatedAt = e.line;
            }
        } catch (NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.notFound", file);
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", file, e.getMessage());
        }
        if (truncatedAt > 0) {
            if (drawn.isEmpty()) {
                throw new CgisException(IoMessages.BUNDLE, "dxf.truncatedEmpty", file, truncatedAt, sectionName());
            }
            diagnostics.warn(IoMessages.BUNDLE, "dxf.truncated", file, truncatedAt, sectionName(), entities);
        }
        if (drawn.isEmpty()) {
            throw new CgisException(IoMessages.BUNDLE, "dxf.noEntities", file);
        }
        reportUnits();
        if (paperSpace > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "dxf.paperSpace", file, paperSpace);
        }
        Map<String, Integer> skipped = converter.skipped();
        if (!skipped.isEmpty()) {
            StringBuilder list = new StringBuilder();
            int total = 0;
            for (Map.Entry<String, Integer> entry : skipped.entrySet()) {
                list.append(list.length() == 0 ? "" : ", ").append(entry.getKey()).append(" ").append(entry.getValue());
                total += entry.getValue();
            }
            diagnostics.warn(IoMessages.BUNDLE, "dxf.skippedTypes", file, total, list);
        }
        if (converter.invalidCount() + invalidNumbers > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "dxf.invalidCount", file, converter.invalidCount() + invalidNumbers);
        }

        DxfElevations.assign(file, drawn, upper(options.elevationTextLayers()), diagnostics);
        Envelope extent = new Envelope();
        drawn.forEach(item -> extent.expandToInclude(item.geometry.getEnvelopeInternal()));
        GaussKrugerZones.check(file, options.crs(), extent);
        return new Drawing(assemble(), header.getOrDefault("$ACADVER", ""), charsetName, entities,
                Map.copyOf(skipped), truncatedAt);
    }

    /** Reads the sections up to the {@code 0/EOF} pair; returns the name of the charset used for texts. */
    private String parse(DxfTokenizer tokens) throws IOException {
        String charsetName = "UTF-8/GBK";
        while (next(tokens)) {
            if (tokens.code() != 0) {
                continue;
            }
            String value = tokens.value().trim();
            if (value.equals("EOF")) {
                return charsetName;
            }
            if (!value.equals("SECTION")) {
                continue;
            }
            if (!next(tokens)) {
                throw new Truncated();
            }
            section = tokens.code() == 2 ? tokens.value().trim() : "";
            switch (section) {
                case "HEADER" -> {
                    readHeader(tokens);
                    Charset charset = charset();
                    if (charset != null) {
                        tokens.setCharset(charset);
                        charsetName = charset.name();
                    }
                }
                case "BLOCKS" -> readBlocks(tokens);
                case "ENTITIES" -> readEntities(tokens);
                default -> skipSection(tokens);
            }
        }
        throw new Truncated();
    }

    private void readHeader(DxfTokenizer tokens) throws IOException {
        String variable = null;
        while (next(tokens)) {
            if (tokens.code() == 0 && tokens.value().trim().equals("ENDSEC")) {
                return;
            }
            if (tokens.code() == 9) {
                variable = tokens.value().trim();
            } else if (variable != null && !header.containsKey(variable)) {
                header.put(variable, tokens.value().trim());
            }
        }
        throw new Truncated();
    }

    private void readBlocks(DxfTokenizer tokens) throws IOException {
        while (next(tokens)) {
            if (tokens.code() != 0) {
                continue;
            }
            String type = tokens.value().trim();
            if (type.equals("ENDSEC")) {
                return;
            }
            if (!type.equals("BLOCK")) {
                continue;
            }
            DxfEntity block = readEntity(tokens, "BLOCK");
            List<DxfEntity> members = new ArrayList<>();
            while (true) {
                if (!next(tokens)) {
                    throw new Truncated();
                }
                String memberType = tokens.value().trim();
                if (memberType.equals("ENDBLK") || memberType.equals("ENDSEC")) {
                    if (memberType.equals("ENDSEC")) {
                        tokens.pushBack();
                    }
                    break;
                }
                DxfEntity member = readEntityWithChildren(tokens, memberType);
                if (hasValidNumbers(member)) {
                    members.add(member);
                }
            }
            String name = DxfText.unescape(block.string(2, "").trim());
            if (!hasValidNumbers(block)) {
                // An INSERT of this block then reports it as missing and imports its insertion point only.
                continue;
            }
            blocks.put(name.toUpperCase(Locale.ROOT), new DxfEntityConverter.Block(name, block.number(10, 0),
                    block.number(20, 0), block.number(30, 0), (block.integer(70, 0) & 4) != 0, members));
        }
        throw new Truncated();
    }

    private void readEntities(DxfTokenizer tokens) throws IOException {
        converter = new DxfEntityConverter(file, diagnostics, blocks);
        if (!next(tokens)) {
            throw new Truncated();
        }
        while (true) {
            String type = tokens.value().trim();
            if (type.equals("ENDSEC")) {
                return;
            }
            DxfEntity entity = readEntityWithChildren(tokens, type);
            // The entity is complete only once the next 0 pair has been read.
            if (!next(tokens)) {
                throw new Truncated();
            }
            if (!hasValidNumbers(entity)) {
                continue;
            }
            if (entity.integer(67, 0) == 1) {
                paperSpace++;
            } else {
                entities++;
                converter.convert(entity, DxfTransform.IDENTITY, drawn);
            }
        }
    }

    /**
     * Returns whether every numeric value of {@code entity} and its children parses. Otherwise warns with the
     * value's line and counts the entity as invalid, because reading the value as 0 would move the geometry.
     */
    private boolean hasValidNumbers(DxfEntity entity) {
        DxfEntity.InvalidNumber invalid = entity.firstInvalidNumber();
        if (invalid == null) {
            return true;
        }
        invalidNumbers++;
        diagnostics.warn(IoMessages.BUNDLE, "dxf.invalidNumber", file, invalid.line(), invalid.type(),
                invalid.handle(), invalid.code(), invalid.value());
        return false;
    }

    private void skipSection(DxfTokenizer tokens) throws IOException {
        while (next(tokens)) {
            if (tokens.code() == 0 && tokens.value().trim().equals("ENDSEC")) {
                return;
            }
        }
        throw new Truncated();
    }

    /** Reads an entity whose {@code 0/type} pair was just read; stops before the next {@code 0} pair. */
    private DxfEntity readEntity(DxfTokenizer tokens, String type) throws IOException {
        DxfEntity entity = new DxfEntity(type, tokens.line());
        while (true) {
            if (!next(tokens)) {
                throw new Truncated();
            }
            if (tokens.code() == 0) {
                tokens.pushBack();
                return entity;
            }
            entity.add(tokens.code(), tokens.value(), tokens.line() + 1);
        }
    }

    /** Reads an entity and the VERTEX or ATTRIB entities that follow a POLYLINE or an INSERT, up to SEQEND. */
    private DxfEntity readEntityWithChildren(DxfTokenizer tokens, String type) throws IOException {
        DxfEntity entity = readEntity(tokens, type);
        boolean hasChildren = type.equals("POLYLINE") || (type.equals("INSERT") && entity.integer(66, 0) == 1);
        if (!hasChildren) {
            return entity;
        }
        while (next(tokens)) {
            String childType = tokens.value().trim();
            if (childType.equals("SEQEND")) {
                readEntity(tokens, childType);
                return entity;
            }
            if (!childType.equals("VERTEX") && !childType.equals("ATTRIB")) {
                tokens.pushBack();
                return entity;
            }
            entity.children.add(readEntity(tokens, childType));
        }
        throw new Truncated();
    }

    private static boolean next(DxfTokenizer tokens) throws IOException {
        return tokens.next();
    }

    /** Returns the charset of the texts, or null to guess per value. */
    private Charset charset() {
        String version = header.getOrDefault("$ACADVER", "");
        if (version.compareTo("AC1021") >= 0 && version.startsWith("AC")) {
            return StandardCharsets.UTF_8;
        }
        String codePage = header.get("$DWGCODEPAGE");
        if (codePage == null || codePage.isBlank()) {
            return null;
        }
        String page = codePage.toUpperCase(Locale.ROOT).replace("ANSI_", "").replace("DOS", "");
        Map<String, String> known = Map.of("936", "GBK", "950", "Big5", "932", "Shift_JIS", "949", "x-windows-949",
                "874", "x-windows-874");
        String name = known.getOrDefault(page, "windows-" + page);
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            diagnostics.warn(IoMessages.BUNDLE, "dxf.unknownCodePage", file, codePage);
            return null;
        }
    }

    private void reportUnits() {
        String units = header.get("$INSUNITS");
        if (units == null) {
            return;
        }
        int code = (int) DxfEntity.parse(units, 0);
        if (code != 0 && code != 6) {
            diagnostics.warn(IoMessages.BUNDLE, "dxf.unitsIgnored", file, code, unitName(code));
        }
    }

    private static String unitName(int code) {
        String[] names = {"unitless", "inches", "feet", "miles", "millimetres", "centimetres", "metres", "kilometres"};
        return code >= 0 && code < names.length ? names[code] : "code " + code;
    }

    private String sectionName() {
        return section.isEmpty() ? "-" : section;
    }

    private List<SourceLayer> assemble() {
        Set<String> areaLayers = upper(options.areaLayers());
        LayerAssembler assembler = new LayerAssembler(options.crs(), FIELDS);
        int labels = 0;
        for (DxfDrawn item : drawn) {
            if (item.elevationLabel) {
                labels++;
                continue;
            }
            Geometry geometry = item.geometry;
            boolean area = areaLayers.contains(item.layer.toUpperCase(Locale.ROOT))
                    || DEFAULT_AREA_LAYERS.matcher(item.layer).matches();
            if (item.closed && area && geometry instanceof LineString line && line.isClosed()) {
                Polygon polygon = geometry.getFactory().createPolygon(line.getCoordinates());
                geometry = polygon.isValid() ? polygon : GeometryFixer.fix(polygon);
                if (geometry.isEmpty()) {
                    geometry = item.geometry;
                }
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("layer", item.layer);
            attributes.put("entity", item.type);
            attributes.put("handle", item.handle);
            attributes.put("block", item.block);
            attributes.put("text", item.text);
            attributes.put("text_height", Double.isNaN(item.textHeight) ? null : item.textHeight);
            attributes.put("elevation_m", Double.isNaN(item.elevation) ? null : item.elevation);
            attributes.put("elevation_source", item.elevationSource);
            for (Map.Entry<String, String> attribute : item.attributes.entrySet()) {
                if (attribute.getKey().equals("elevation_text_handle")) {
                    continue;
                }
                attributes.put(fieldName(attribute.getKey()), attribute.getValue());
            }
            if (geometry.getNumGeometries() > 1 && !(geometry instanceof org.locationtech.jts.geom.MultiPolygon)) {
                // A repaired polygon may come back as a collection; keep its polygons.
                geometry = polygonsOf(geometry);
            }
            assembler.add(item.layer, geometry, attributes);
        }
        if (labels > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "dxf.elevationLabelsMerged", file, labels);
        }
        return assembler.build();
    }

    private static Geometry polygonsOf(Geometry geometry) {
        List<Polygon> polygons = new ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            if (geometry.getGeometryN(i) instanceof Polygon polygon) {
                polygons.add(polygon);
            }
        }
        return polygons.isEmpty() ? geometry.getGeometryN(0)
                : geometry.getFactory().createMultiPolygon(polygons.toArray(new Polygon[0]));
    }

    /** Returns the field name of an ATTRIB tag: {@code attr_} and the tag in lower case, spaces as {@code _}. */
    static String fieldName(String tag) {
        return "attr_" + tag.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
    }

    private static Set<String> upper(Set<String> names) {
        Set<String> result = new HashSet<>();
        names.forEach(name -> result.add(name.toUpperCase(Locale.ROOT)));
        return result;
    }

    /** Signals the end of the file before the {@code 0/EOF} pair. */
    private static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super(null, null, false, false);
        }
    }
}
