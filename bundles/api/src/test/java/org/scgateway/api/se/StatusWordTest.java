package org.scgateway.api.se;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class StatusWordTest {

    @Test
    public void rejectsValuesThatAreNoStatusWord() {
        for (int sw : new int[] {0x0000, 0x6000, 0x60FF, 0x1234, 0x7000, 0x8FFF, 0xA000, 0xFFFF, 0x10000, 0x19000, -1,
                Integer.MIN_VALUE}) {
            assertThrows(Integer.toHexString(sw), IllegalArgumentException.class, () -> StatusWord.of(sw));
        }
    }

    @Test
    public void acceptsBoundariesOfSw1Ranges() {
        assertEquals(0x6100, StatusWord.of(0x6100).value());
        assertEquals(0x6FFF, StatusWord.of(0x6FFF).value());
        assertEquals(0x9000, StatusWord.of(0x9000).value());
        assertEquals(0x9FFF, StatusWord.of(0x9FFF).value());
    }

    @Test
    public void acceptsCommonStatusWords() {
        assertSame(StatusWord.OK, StatusWord.of(0x9000));
        assertEquals(StatusWord.FILE_NOT_FOUND, StatusWord.of(0x6A82));
        assertEquals(0x61FF, StatusWord.of(0x61FF).value());
        assertEquals(0x6C10, StatusWord.of(0x6C10).value());
    }

    @Test
    public void ofTwoBytes() {
        StatusWord sw = StatusWord.of(0x6A, 0x82);
        assertEquals(StatusWord.FILE_NOT_FOUND, sw);
        assertEquals(0x6A, sw.sw1());
        assertEquals(0x82, sw.sw2());
        assertSame(StatusWord.OK, StatusWord.of(0x90, 0x00));
        assertThrows(IllegalArgumentException.class, () -> StatusWord.of(0x100, 0x00));
        assertThrows(IllegalArgumentException.class, () -> StatusWord.of(0x90, 0x100));
        assertThrows(IllegalArgumentException.class, () -> StatusWord.of(0x90, -1));
        assertThrows(IllegalArgumentException.class, () -> StatusWord.of(0x60, 0x00));
    }

    @Test
    public void descriptions() {
        assertEquals("success", StatusWord.OK.description());
        assertEquals("file or application not found", StatusWord.of(0x6A82).description());
        assertEquals("security status not satisfied", StatusWord.of(0x6982).description());
        String more = StatusWord.of(0x6110).description();
        assertTrue(more, more.contains("response bytes"));
        assertTrue(more, more.contains("16"));
        String more256 = StatusWord.of(0x6100).description();
        assertTrue(more256, more256.contains("256"));
        assertTrue(more256, more256.contains("response bytes"));
        String wrongLe = StatusWord.of(0x6C10).description();
        assertTrue(wrongLe, wrongLe.contains("wrong Le"));
        assertTrue(wrongLe, wrongLe.contains("16"));
        assertTrue(StatusWord.of(0x6C00).description().contains("256"));
        String counter = StatusWord.of(0x63C2).description();
        assertTrue(counter, counter.contains("counter"));
        assertTrue(counter, counter.endsWith("2"));
        assertEquals("warning: counter is 0", StatusWord.of(0x63C0).description());
        assertEquals("warning: counter is 15", StatusWord.of(0x63CF).description());
        assertEquals("warning: more data available", StatusWord.of(0x6310).description());
        assertEquals("unknown status", StatusWord.of(0x9F10).description());
        assertEquals("command not allowed", StatusWord.of(0x6999).description());
    }

    @Test
    public void classification() {
        StatusWord more = StatusWord.of(0x61FF);
        assertTrue(more.isMoreDataAvailable());
        assertTrue(more.isNormal());
        assertFalse(more.isOk());
        assertFalse(more.isWrongLe());
        assertFalse(more.isWarning());

        StatusWord wrongLe = StatusWord.of(0x6C10);
        assertTrue(wrongLe.isWrongLe());
        assertFalse(wrongLe.isMoreDataAvailable());
        assertFalse(wrongLe.isNormal());
        assertFalse(wrongLe.isWarning());

        assertTrue(StatusWord.of(0x6283).isWarning());
        assertTrue(StatusWord.of(0x63C2).isWarning());
        assertFalse(StatusWord.of(0x6400).isWarning());
        assertFalse(StatusWord.of(0x6A82).isWarning());
        assertFalse(StatusWord.of(0x6A82).isNormal());

        assertTrue(StatusWord.OK.isOk());
        assertTrue(StatusWord.OK.isNormal());
        assertFalse(StatusWord.OK.isWarning());
        assertFalse(StatusWord.of(0x9001).isOk());
    }

    @Test
    public void toStringIsFourHexDigits() {
        assertEquals("6A82", StatusWord.of(0x6A82).toString());
        assertEquals("9000", StatusWord.OK.toString());
        assertEquals("6100", StatusWord.of(0x6100).toString());
    }

    @Test
    public void equalsAndHashCode() {
        assertEquals(StatusWord.of(0x6A82), StatusWord.of(0x6A, 0x82));
        assertEquals(StatusWord.of(0x6A82).hashCode(), StatusWord.FILE_NOT_FOUND.hashCode());
        assertNotEquals(StatusWord.of(0x6A82), StatusWord.of(0x6A83));
        assertNotEquals(StatusWord.OK, "9000");
    }
}
