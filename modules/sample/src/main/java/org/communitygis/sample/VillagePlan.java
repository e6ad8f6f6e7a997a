package org.communitygis.sample;

/**
 * The fixed plan of the sample village: polylines and places in village-local metres ({@code u} east,
 * {@code v} north of the south-west corner), as {@code u0, v0, u1, v1, …}.
 *
 * <p>The village covers {@code [0, 1600] × [0, 1060]}. The industrial park lies north of it, in
 * {@code [420, 960] × [1080, 1200]}. The DEM covers both, {@code [0, 1600] × [0, 1200]}.
 */
final class VillagePlan {
    /** Village extent east-west, m. */
    static final double VILLAGE_WIDTH_M = 1600;
    /** Village extent north-south, m (the zones tile {@code [0, 1600] × [0, 1060]}). */
    static final double VILLAGE_HEIGHT_M = 1060;
    /** DEM extent north-south, m, which includes the industrial park. */
    static final double DEM_HEIGHT_M = 1200;

    /** Main road 桃园路, from the south edge north to the industrial park gate. */
    static final double[] MAIN_ROAD = {640, 0, 650, 300, 658, 600, 662, 880, 690, 1090};
    /** Stationing where the washed-out stretch of the main road starts, m. */
    static final double DAMAGE_FROM_M = 390;
    /** Stationing where the washed-out stretch of the main road ends, m. */
    static final double DAMAGE_TO_M = 790;

    /** Lane of 一组, west from the main road to the treatment unit. */
    static final double[] LANE_GROUP1 = {662, 857, 450, 838, 330, 818, 205, 803};
    /** Spur lane of 一组, north from its lane. */
    static final double[] LANE_GROUP1_SPUR = {450, 838, 478, 990};
    /** Lane of 二组, west from the main road. */
    static final double[] LANE_GROUP2 = {649, 230, 520, 215, 380, 250};
    /** Lane of 三组, east from the main road. */
    static final double[] LANE_GROUP3 = {650, 300, 850, 315, 1060, 330};
    /** Lane of 四组, east from the main road. */
    static final double[] LANE_GROUP4 = {662, 880, 860, 895, 1060, 905};
    /** Loop road of 五组 up the hillside, from the end of the 四组 lane to the end of the 三组 lane. */
    static final double[] LANE_GROUP5 = {1060, 905, 1250, 860, 1450, 760, 1520, 600, 1480, 380, 1300, 330, 1060, 330};
    /** Farm track beside the U-channel. */
    static final double[] TRACK_FIELDS = {462, 478, 468, 150};
    /** Farm track from the 五组 road north to the village edge. */
    static final double[] TRACK_HILL = {1250, 860, 1300, 1055};

    /** Industrial park polygon corners (u0, v0, u1, v1). */
    static final double[] INDUSTRIAL_PARK = {420, 1080, 960, 1200};

    /** Lift pump station 提灌站 on the pond's east bank. */
    static final double[] PUMP_STATION = {293, 515};
    /** Head of the rising main, where the U-channel starts. */
    static final double[] RISING_MAIN_HEAD = {450, 480};
    /** Northing where the U-channel, running south along the contour from the rising main's head, ends. */
    static final double U_CHANNEL_END_V = 160;
    /** Earth ditch downhill from the end of the U-channel (first vertex, replaced by it) to the paddy fields. */
    static final double[] FIELD_DITCH = {0, 0, 300, 120, 150, 100};

    /** Integrated treatment unit at the downstream end of the 污水一期 sewers. */
    static final double[] TREATMENT_UNIT = {200, 797};
    /** Septic tank 化粪池 of 三组, west of its houses. */
    static final double[] SEPTIC_TANK = {700, 298};

    private VillagePlan() {
    }
}
