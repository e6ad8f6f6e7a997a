package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PavementStandardsTest {
    private static DamageType asphalt(String name) {
        return Jtg5210.type(Pavement.ASPHALT, name);
    }

    @Test
    void jtgWorkedValuesAsphalt() {
        assertThat(Jtg5210.pci(Pavement.ASPHALT, 1)).isCloseTo(85.0, within(0.05));
        assertThat(Jtg5210.pci(Pavement.ASPHALT, 5)).isCloseTo(70.9, within(0.05));
        assertThat(Jtg5210.pci(Pavement.ASPHALT, 10)).isCloseTo(61.3, within(0.05));
        assertThat(Jtg5210.pci(Pavement.ASPHALT, 0)).isEqualTo(100.0);
    }

    @Test
    void jtgCementCoefficients() {
        // 100 − 10.66 · 1^0.461
        assertThat(Jtg5210.pci(Pavement.CEMENT, 1)).isCloseTo(89.34, within(1e-9));
    }

    @Test
    void jtgUnitByHand() {
        // 100 m × 6 m = 600 m². 龟裂 heavy 6 m² × 1.0 = 6; 横向裂缝 light 10 m × 0.2 m = 2 m² × 0.6 = 1.2;
        // 修补 12 m² × 0.1 = 1.2. Σ = 8.4 m², DR = 1.4 %, PCI = 100 − 15 · 1.4^0.412 = 82.77, grade 良.
        double weighted = asphalt("龟裂").weight(DamageSeverity.HEAVY) * 6
                + asphalt("横向裂缝").weight(DamageSeverity.LIGHT) * 10 * asphalt("横向裂缝").influenceWidthM()
                + asphalt("修补").weight(null) * 12;
        assertThat(weighted).isCloseTo(8.4, within(1e-12));
        double dr = Jtg5210.damageRatio(weighted, 600);
        assertThat(dr).isCloseTo(1.4, within(1e-12));
        double pci = Jtg5210.pci(Pavement.ASPHALT, dr);
        assertThat(pci).isCloseTo(82.770, within(0.001));
        assertThat(Jtg5210.grade(pci)).isEqualTo("良");
    }

    @Test
    void jtgGradesAndPoints() {
        assertThat(Jtg5210.grade(90)).isEqualTo("优");
        assertThat(Jtg5210.grade(75)).isEqualTo("中");
        assertThat(Jtg5210.grade(60)).isEqualTo("次");
        assertThat(Jtg5210.grade(59.9)).isEqualTo("差");
        assertThat(Jtg5210.points("良")).isZero();
        assertThat(Jtg5210.points("中")).isEqualTo(1);
        assertThat(Jtg5210.points("差")).isEqualTo(3);
    }

    @Test
    void jtgRqiByClass() {
        assertThat(Jtg5210.rqi(2, true)).isCloseTo(91.291, within(0.001));
        assertThat(Jtg5210.rqi(2, false)).isCloseTo(94.427, within(0.001));
    }

    @Test
    void weightsBySeverityLevels() {
        assertThat(asphalt("龟裂").weight(DamageSeverity.MEDIUM)).isEqualTo(0.8);
        assertThat(asphalt("块状裂缝").weight(DamageSeverity.MEDIUM)).isNaN();
        assertThat(asphalt("块状裂缝").weight(DamageSeverity.HEAVY)).isEqualTo(0.8);
        assertThat(asphalt("泛油").graded()).isFalse();
        assertThat(asphalt("泛油").weight(DamageSeverity.HEAVY)).isEqualTo(0.2);
        assertThat(asphalt("车辙").lengthMeasured()).isTrue();
        assertThat(asphalt("车辙").influenceWidthM()).isEqualTo(0.4);
    }

    @Test
    void aliasesResolve() {
        assertThat(asphalt("网裂").name()).isEqualTo("龟裂");
        assertThat(asphalt("Pothole").name()).isEqualTo("坑槽");
        assertThat(asphalt("alligator cracking").name()).isEqualTo("龟裂");
        assertThat(Jtg5210.type(Pavement.CEMENT, "断板").name()).isEqualTo("破碎板");
        assertThat(asphalt("裂缝")).isNull();
        assertThat(Jtg5210.type(Pavement.CEMENT, "裂缝").name()).isEqualTo("裂缝");
        assertThat(Jtg5210.typeNames(Pavement.ASPHALT)).contains("龟裂", "块状裂缝", "纵向裂缝", "横向裂缝", "沉陷",
                "车辙", "波浪拥包", "坑槽", "松散", "泛油", "修补");
    }

    @Test
    void cjjWeightPolynomial() {
        assertThat(Cjj36.weight(1)).isCloseTo(1.0, within(1e-12));
        assertThat(Cjj36.weight(0.5)).isCloseTo(0.75, within(1e-12));
        assertThat(Cjj36.weight(0)).isZero();
    }

    @Test
    void cjjDeductInterpolated() {
        DamageType pothole = asphalt("坑槽");
        assertThat(Cjj36.deduct(pothole, 1)).isCloseTo(25, within(1e-12));
        // Between 0.1 % → 15 and 1 % → 25: 15 + 10 · 0.45 / 0.9 = 20.
        assertThat(Cjj36.deduct(pothole, 0.55)).isCloseTo(20, within(1e-12));
        // Below the first pair, from 0 % → 0: 0.005 % → 5.
        assertThat(Cjj36.deduct(pothole, 0.005)).isCloseTo(5, within(1e-12));
        assertThat(Cjj36.deduct(pothole, 150)).isEqualTo(72.0);
        assertThat(Cjj36.deduct(asphalt("沉陷"), 30)).isCloseTo(36, within(1e-12));
    }

    @Test
    void cjjPciByHand() {
        // 600 m² surveyed. 坑槽 6 m² → 1 % → DP 25 (class 松散); 沉陷 60 m² → 10 % → DP 25 (class 变形).
        // Each class has one deduct (u = 1, w = 1); across classes u = 0.5, w = 0.75:
        // PCI = 100 − 0.75 · 25 − 0.75 · 25 = 62.5.
        Map<DamageType, Double> areas = new LinkedHashMap<>();
        areas.put(asphalt("坑槽"), 6.0);
        areas.put(asphalt("沉陷"), 60.0);
        double pci = Cjj36.pci(areas, 600);
        assertThat(pci).isCloseTo(62.5, within(1e-9));
        assertThat(Cjj36.grade(pci, Cjj36.RoadClass.LOCAL)).isEqualTo("C");
        assertThat(Cjj36.grade(pci, Cjj36.RoadClass.ARTERIAL)).isEqualTo("C");
        assertThat(Cjj36.grade(pci, Cjj36.RoadClass.EXPRESSWAY)).isEqualTo("D");
    }

    @Test
    void cjjSingleDeductByHand() {
        // 坑槽 3.3 m² on 600 m² = 0.55 % → DP 20 → PCI 80: A on a local road, B on an arterial.
        double pci = Cjj36.pci(Map.of(asphalt("坑槽"), 3.3), 600);
        assertThat(pci).isCloseTo(80, within(1e-9));
        assertThat(Cjj36.grade(pci, Cjj36.RoadClass.LOCAL)).isEqualTo("A");
        assertThat(Cjj36.grade(pci, Cjj36.RoadClass.ARTERIAL)).isEqualTo("B");
    }

    @Test
    void cjjTypeWithoutTableRejected() {
        assertThat(Cjj36.hasDeductTable(asphalt("龟裂"))).isFalse();
        assertThatThrownBy(() -> Cjj36.deduct(asphalt("龟裂"), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cjjRoadClassAndRqi() {
        assertThat(Cjj36.RoadClass.ofHighway("trunk_link")).isEqualTo(Cjj36.RoadClass.EXPRESSWAY);
        assertThat(Cjj36.RoadClass.ofHighway("secondary")).isEqualTo(Cjj36.RoadClass.ARTERIAL);
        assertThat(Cjj36.RoadClass.ofHighway("tertiary")).isEqualTo(Cjj36.RoadClass.LOCAL);
        assertThat(Cjj36.rqi(4)).isCloseTo(3.62, within(1e-12));
    }

    @Test
    void fourthPowerLaw() {
        assertThat(AxleLoads.equivalentAxles(List.of(new AxleLoads.AxleClass(130, 10)), AxleLoads.BZZ_100_KN))
                .isCloseTo(28.561, within(1e-9));
        assertThat(AxleLoads.equivalentAxles(AxleLoads.parse("100:40"), AxleLoads.ESAL_KN))
                .isCloseTo(97.65625, within(1e-9));
        assertThat(AxleLoads.parse("100:40; 130:12，60:100")).hasSize(3);
        assertThatThrownBy(() -> AxleLoads.parse("100:-4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standardNamesParsed() {
        assertThat(PavementCondition.Standard.parse("JTG 5210-2018")).isEqualTo(PavementCondition.Standard.JTG5210);
        assertThat(PavementCondition.Standard.parse("cjj36")).isEqualTo(PavementCondition.Standard.CJJ36);
        assertThat(PavementCondition.Standard.parse("astm")).isNull();
    }
}
