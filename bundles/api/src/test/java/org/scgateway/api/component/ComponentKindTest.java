package org.scgateway.api.component;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ComponentKindTest {

    @Test
    public void everyKindButTeeIsASecureElement() {
        assertTrue(ComponentKind.UICC.isSecureElement());
        assertTrue(ComponentKind.EUICC.isSecureElement());
        assertTrue(ComponentKind.EMBEDDED_SE.isSecureElement());
        assertFalse(ComponentKind.TEE.isSecureElement());
    }
}
