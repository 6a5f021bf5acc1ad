package org.scgateway.api.tee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class SecurityDomainTest {

    @Test
    public void validNames() {
        SecurityDomain sd = new SecurityDomain("sd.Vendor_1-a", "TAM example.com");
        assertEquals("sd.Vendor_1-a", sd.name());
        assertEquals("TAM example.com", sd.owner());
        assertEquals(64, new SecurityDomain("x".repeat(64), "o").name().length());
        assertEquals("sd (owner tam)", new SecurityDomain("sd", "tam").toString());
    }

    @Test
    public void invalidNames() {
        for (String bad : new String[] {null, "", "x".repeat(65), "a b", "a/b", "sd:1", "é"}) {
            assertThrows(String.valueOf(bad), IllegalArgumentException.class, () -> new SecurityDomain(bad, "tam"));
        }
    }

    @Test
    public void ownerRequired() {
        assertThrows(IllegalArgumentException.class, () -> new SecurityDomain("sd", null));
        assertThrows(IllegalArgumentException.class, () -> new SecurityDomain("sd", ""));
        assertThrows(IllegalArgumentException.class, () -> new SecurityDomain("sd", "  \t"));
    }

    @Test
    public void equalsAndHashCode() {
        assertEquals(new SecurityDomain("sd", "tam"), new SecurityDomain("sd", "tam"));
        assertEquals(new SecurityDomain("sd", "tam").hashCode(), new SecurityDomain("sd", "tam").hashCode());
        assertNotEquals(new SecurityDomain("sd", "tam"), new SecurityDomain("sd", "tam2"));
        assertNotEquals(new SecurityDomain("sd", "tam"), new SecurityDomain("SD", "tam"));
    }
}
