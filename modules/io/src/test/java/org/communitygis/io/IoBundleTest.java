package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.Test;

class IoBundleTest {

    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(IoMessages.BUNDLE);
    }

    @Test
    void englishQuotesRendered() {
        String text = IoMessages.BUNDLE.format(Locale.ENGLISH, "osm.relationOpen", "landuse", "relation/1", 2);
        assertThat(text).contains("relation's members");
    }

    @Test
    void sizesWithoutGrouping() {
        String text = IoMessages.BUNDLE.format(Locale.ENGLISH, "detect.hgtSize", "N49E011.hgt", 1000L, 2884802L,
                25934402L);
        assertThat(text).contains("2884802");
    }
}
