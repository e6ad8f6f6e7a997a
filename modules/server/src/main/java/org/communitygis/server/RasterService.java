package org.communitygis.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raster layers of a project rendered as PNG overlays on a CRS84-aligned grid, for Leaflet's
 * {@code L.imageOverlay}.
 *
 * <p>The output grid spans the CRS84 envelope of the raster (its edges transformed at 8 points per side)
 * with about as many pixels as the raster has cells, at most {@value #MAX_SIDE} pixels on the longer
 * side. Each pixel centre is transformed back into the raster's CRS and takes the value of the cell that
 * contains it (inverse mapping, nearest neighbour). Pixels outside the raster or on NoData are
 * transparent. Colours come from {@link RasterStyle} by layer name.
 *
 * <p>Limit: Leaflet stretches the image linearly in Web Mercator, while the rows here are equally spaced
 * in latitude. Across an extent of Δφ the misplacement is about Δφ²·tan φ / 2; for 0.05° (5.5 km) at 30°N
 * that is under 1 m, smaller than a cell of any DEM this tool handles.
 *
 * <p>The store must stay open while the service is used: a raster is read on first use, rendered once,
 * and only the PNG and its statistics are kept. Rendering is serialized, so a store that is not
 * thread-safe is safe here.
 */
public final class RasterService {
    /** Largest width or height of a rendered PNG, in pixels. */
    public static final int MAX_SIDE = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(RasterService.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ProjectStore store;
    private final Map<String, RasterEntry> entries = new LinkedHashMap<>();
    private final Map<String, Rendered> rendered = new HashMap<>();

    /** Lists the raster layers of {@code store} and computes their CRS84 bounds; pixels are read later. */
    public RasterService(ProjectStore store) {
        this.store = store;
        for (LayerInfo info : store.layers()) {
            if (info.type() != LayerInfo.LayerType.RASTER) {
                continue;
            }
            try {
                String crs = info.crs() != null ? info.crs() : store.crs().orElse(Crs.CRS84);
                Envelope bounds = Crs.transform(crs, Crs.CRS84).apply(info.envelope());
                entries.put(info.name(), new RasterEntry(info.name(), info.title(), crs, bounds));
            } catch (CgisException e) {
                LOG.warn("Raster {} left out of the map: {}", info.name(), e.getMessage());
            }
        }
    }

    /** Returns the raster layer names in store order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Returns {@code /rasters}: for each raster its name, title, unit, CRS84 {@code bbox}
     * (minLon, minLat, maxLon, maxLat), value range, legend and the PNG link. Renders every raster not
     * yet rendered.
     */
    public ObjectNode list(RequestContext context) {
        ObjectNode root = NODES.objectNode();
        ArrayNode links = root.putArray("links");
        links.add(FeatureService.link(context.url("/rasters"), "self", "application/json",
                ServerMessages.BUNDLE.format(context.locale(), "link.rasters")));
        ArrayNode list = root.putArray("rasters");
        for (RasterEntry entry : entries.values()) {
            Rendered image = render(entry.name());
            ObjectNode node = list.addObject();
            node.put("name", entry.name());
            node.put("title", entry.title() == null || entry.title().isBlank() ? entry.name() : entry.title());
            node.put("unit", image.unit());
            node.put("storageCrs", Crs.uri(entry.crs()));
            ArrayNode bbox = node.putArray("bbox");
            bbox.add(GeoJson.round(entry.bounds().getMinX()));
            bbox.add(GeoJson.round(entry.bounds().getMinY()));
            bbox.add(GeoJson.round(entry.bounds().getMaxX()));
            bbox.add(GeoJson.round(entry.bounds().getMaxY()));
            putNumber(node, "min", image.min());
            putNumber(node, "max", image.max());
            node.put("width", image.width());
            node.put("height", image.height());
            node.put("style", image.style().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode legend = node.putArray("legend");
            for (RasterStyle.LegendEntry row : image.style().legend(image.min(), image.max(), image.unit(),
                    context.locale())) {
                ObjectNode item = legend.addObject();
                item.put("color", row.css());
                item.put("label", row.label());
            }
            node.putArray("links").add(FeatureService.link(context.url("/rasters/" + entry.name() + ".png"),
                    "enclosure", "image/png", node.get("title").asText()));
        }
        return root;
    }

    /**
     * Returns the PNG of raster {@code name}, rendering it on first use.
     *
     * @throws ApiException (404) when the project has no raster of that name
     */
    public byte[] png(String name) {
        return render(name).png();
    }

    private synchronized Rendered render(String name) {
        Rendered cached = rendered.get(name);
        if (cached != null) {
            return cached;
        }
        RasterEntry entry = entries.get(name);
        if (entry == null) {
            String known = entries.isEmpty() ? "-" : String.join(", ", entries.keySet());
            throw ApiException.notFound("raster.notFound", name, known);
        }
        long start = System.nanoTime();
        Raster raster = store.readRaster(name);
        double[] minMax = raster.minMax();
        RasterStyle style = RasterStyle.forLayer(name, store.metadata());
        BufferedImage image = project(raster, entry, style, minMax[0], minMax[1]);
        Rendered result = new Rendered(encode(image), image.getWidth(), image.getHeight(), minMax[0], minMax[1],
                raster.unit(), style);
        rendered.put(name, result);
        LOG.info("Rendered raster {} ({}×{} cells) to a {}×{} PNG of {} bytes in {} ms", name,
                raster.grid().cols(), raster.grid().rows(), result.width(), result.height(), result.png().length,
                (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private static BufferedImage project(Raster raster, RasterEntry entry, RasterStyle style, double min,
            double max) {
        GridGeometry grid = raster.grid();
        Envelope bounds = entry.bounds();
        double pixel = Math.sqrt(bounds.getWidth() * bounds.getHeight() / grid.size());
        int width = (int) Math.max(1, Math.ceil(bounds.getWidth() / pixel));
        int height = (int) Math.max(1, Math.ceil(bounds.getHeight() / pixel));
        if (Math.max(width, height) > MAX_SIDE) {
            double shrink = (double) MAX_SIDE / Math.max(width, height);
            width = (int) Math.max(1, Math.floor(width * shrink));
            height = (int) Math.max(1, Math.floor(height * shrink));
        }
        double pixelWidth = bounds.getWidth() / width;
        double pixelHeight = bounds.getHeight() / height;
        CrsTransform toRaster = Crs.transform(Crs.CRS84, entry.crs());
        int[] argb = new int[width * height];
        double[] row = new double[2 * width];
        for (int y = 0; y < height; y++) {
            double latitude = bounds.getMaxY() - (y + 0.5) * pixelHeight;
            for (int x = 0; x < width; x++) {
                row[2 * x] = bounds.getMinX() + (x + 0.5) * pixelWidth;
                row[2 * x + 1] = latitude;
            }
            transformRow(toRaster, row);
            for (int x = 0; x < width; x++) {
                // (int) NaN is 0, so a NaN position must not reach valueAt, which would return cell (0, 0).
                boolean valid = !Double.isNaN(row[2 * x]) && !Double.isNaN(row[2 * x + 1]);
                float value = valid ? raster.valueAt(row[2 * x], row[2 * x + 1]) : Float.NaN;
                argb[y * width + x] = style.argb(value, min, max);
            }
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, width, height, argb, 0, width);
        return image;
    }

    /**
     * Transforms a row of points in place; when the batch fails, transforms point by point and sets the
     * points that cannot be transformed to NaN.
     */
    private static void transformRow(CrsTransform transform, double[] row) {
        double[] copy = row.clone();
        try {
            transform.apply(row);
        } catch (CgisException batchFailure) {
            double[] point = new double[2];
            for (int i = 0; i < copy.length; i += 2) {
                point[0] = copy[i];
                point[1] = copy[i + 1];
                try {
                    transform.apply(point);
                    row[i] = point[0];
                    row[i + 1] = point[1];
                } catch (CgisException e) {
                    row[i] = Double.NaN;
                    row[i + 1] = Double.NaN;
                }
            }
        }
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    private static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }

    private record RasterEntry(String name, String title, String crs, Envelope bounds) {
    }

    private record Rendered(byte[] png, int width, int height, double min, double max, String unit,
            RasterStyle style) {
    }
}
