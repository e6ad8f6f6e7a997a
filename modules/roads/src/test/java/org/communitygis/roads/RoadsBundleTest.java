package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;

import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.Test;

class RoadsBundleTest {
    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(RoadsMessages.BUNDLE);
    }

    @Test
    void everySurfaceHasLabel() {
        var chinese = RoadsMessages.BUNDLE.resourceBundle(UserLocale.CHINESE);
        for (String tag : Surfaces.knownTags()) {
            assertThat(chinese.containsKey(Surfaces.labelKey(tag))).as(tag).isTrue();
        }
    }

    @Test
    void severityLabels() {
        assertThat(RoadsMessages.BUNDLE.format(UserLocale.CHINESE, "severity.1")).isEqualTo("轻");
        assertThat(RoadsMessages.BUNDLE.format(UserLocale.CHINESE, "severity.2")).isEqualTo("中");
        assertThat(RoadsMessages.BUNDLE.format(UserLocale.CHINESE, "severity.3")).isEqualTo("重");
        assertThat(RoadsMessages.BUNDLE.format(UserLocale.ENGLISH, "severity.3")).isEqualTo("high");
    }
}
