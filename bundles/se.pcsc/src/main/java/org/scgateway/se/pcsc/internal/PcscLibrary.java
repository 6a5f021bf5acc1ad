package org.scgateway.se.pcsc.internal;

import java.security.NoSuchAlgorithmException;

import javax.smartcardio.TerminalFactory;

import jnasmartcardio.NamedLibrary;
import jnasmartcardio.Smartcardio;

/**
 * The PC/SC library the driver talks through: jnasmartcardio's default ({@code libpcsclite.so.1} on the
 * system's library path), or one a gateway names because its pcsc-lite lives elsewhere (a Yocto image, a
 * vendor build under /opt).
 */
final class PcscLibrary {

    private PcscLibrary() {
    }

    /**
     * @param library blank for the default, else a file name or an absolute path
     * @throws UnsatisfiedLinkError when there is no such library, or it is not a PC/SC one
     */
    static TerminalFactory factory(String library) throws NoSuchAlgorithmException {
        if (library == null || library.isBlank()) {
            return TerminalFactory.getInstance("PC/SC", null, new Smartcardio());
        }
        return NamedLibrary.terminalFactory(library);
    }
}
