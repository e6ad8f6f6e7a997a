package org.communitygis.terrain;

import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.Test;

class TerrainBundleTest {
    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(TerrainMessages.BUNDLE);
    }
}
