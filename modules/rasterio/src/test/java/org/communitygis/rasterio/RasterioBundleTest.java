package org.communitygis.rasterio;

import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.Test;

class RasterioBundleTest {
    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(RasterioMessages.BUNDLE);
    }
}
