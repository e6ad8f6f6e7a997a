package org.communitygis.terrain;

import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;

/**
 * Outputs of {@link DrainageAnalysis#run}, named after the project layers they become.
 *
 * @param filled {@code dem_filled}: depression-filled DEM, m
 * @param flowDir {@code flow_dir}: ESRI D8 codes, 0 at outlets without a downslope neighbour, NaN on NoData
 * @param flowAcc {@code flow_acc}: cells draining through each cell, itself included (≥ 1)
 * @param slopeDeg {@code slope}: Horn slope of the unfilled DEM, degrees
 * @param slopePct {@code slope_pct}: Horn slope of the unfilled DEM, percent rise
 * @param streams {@code streams}: stream segments with Strahler order
 * @param directions the directions as bytes, for further analysis (catchments, runoff areas)
 * @param accumulation the accumulation in double precision, with upstream areas in m²
 */
public record DrainageResult(Raster filled, Raster flowDir, Raster flowAcc, Raster slopeDeg, Raster slopePct,
        FeatureLayer streams, D8FlowDirection directions, FlowAccumulation accumulation) {
}
