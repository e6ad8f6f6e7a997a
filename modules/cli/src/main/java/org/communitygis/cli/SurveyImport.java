package org.communitygis.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.io.DxfReader;
import org.communitygis.io.IoMessages;
import org.communitygis.io.SourceLayer;

/**
 * Reads a DXF survey drawing for {@link ProjectImporter}: requires {@code --source-crs}, because DXF stores
 * no CRS, and makes the closed lines of every DXF layer that {@code --layer-map} sends to an area layer
 * ({@value #AREA_TARGETS}) polygons, besides the layers {@link DxfReader#DEFAULT_AREA_LAYERS} matches.
 * {@code --elevation-text-layer} names the layers whose numeric texts label spot heights on other layers
 * ({@link org.communitygis.io.DxfElevations}).
 */
final class SurveyImport {
    /** Project layers of polygons; a DXF layer mapped to one of them has its closed lines read as polygons. */
    static final String AREA_TARGETS = "buildings, landuse, zones";
    private static final Set<String> AREA_LAYERS = Set.of("buildings", "landuse", "zones");

    private SurveyImport() {
    }

    /**
     * Reads {@code file} in {@code sourceCrs}.
     *
     * @param elevationTextLayers DXF layers (case-insensitive) whose numeric texts label points on any layer
     * @throws CgisException when {@code sourceCrs} is missing, or as {@link DxfReader#read}
     */
    static List<SourceLayer> readDxf(Path file, Optional<String> sourceCrs, LayerMap layerMap,
            Set<String> elevationTextLayers, Diagnostics diagnostics) {
        String crs = sourceCrs.map(Crs::normalizeCode)
                .orElseThrow(() -> new CgisException(IoMessages.BUNDLE, "dxf.needCrs", file));
        Set<String> areaLayers = layerMap.sourcesMappedTo(AREA_LAYERS);
        DxfReader.Options options = new DxfReader.Options(crs, areaLayers, elevationTextLayers);
        return DxfReader.read(file, options, diagnostics).layers();
    }
}
