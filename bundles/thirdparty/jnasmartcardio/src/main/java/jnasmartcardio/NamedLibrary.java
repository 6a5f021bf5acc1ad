package jnasmartcardio;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;

import javax.smartcardio.TerminalFactory;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * SC Gateway's addition to jnasmartcardio: a PC/SC terminal factory on a library named by the caller.
 * jnasmartcardio always loads {@code libpcsclite.so.1} from the system's library path, and what it would
 * need to load another ({@code Winscard}) is package-private, hence this class in its package. It loads
 * the library as jnasmartcardio loads its own: the functions, and the three protocol control blocks
 * pcsc-lite exports. pcsc-lite's function names only (not the macOS framework's).
 */
public final class NamedLibrary {

    private NamedLibrary() {
    }

    /**
     * @param library a file name looked up the usual way, or an absolute path
     * @throws UnsatisfiedLinkError when there is no such library, or it lacks the PC/SC symbols
     */
    public static TerminalFactory terminalFactory(String library) throws NoSuchAlgorithmException {
        Winscard.WinscardLibrary lib = Native.load(library, Winscard.WinscardLibrary.class);
        NativeLibrary nativeLibrary = NativeLibrary.getInstance(library);
        Winscard.WinscardLibInfo info = new Winscard.WinscardLibInfo(lib, pci(nativeLibrary, "g_rgSCardT0Pci"),
                pci(nativeLibrary, "g_rgSCardT1Pci"), pci(nativeLibrary, "g_rgSCardRawPci"));
        return TerminalFactory.getInstance("PC/SC", info, new LoadedProvider());
    }

    private static Winscard.ScardIoRequest pci(NativeLibrary library, String symbol) {
        Winscard.ScardIoRequest pci = new Winscard.ScardIoRequest(library.getGlobalVariableAddress(symbol));
        pci.read();
        pci.setAutoSynch(false);
        return pci;
    }

    /** jnasmartcardio's factory, handed a library already loaded. Public: the JCA instantiates it by name. */
    public static final class LoadedSpi extends Smartcardio.JnaTerminalFactorySpi {
        public LoadedSpi(Object library) {
            super((Winscard.WinscardLibInfo) library);
        }
    }

    private static final class LoadedProvider extends Provider {
        private static final long serialVersionUID = 1L;

        LoadedProvider() {
            super("SCGW-PCSC", "1", "jnasmartcardio on a PC/SC library named in configuration");
            put("TerminalFactory.PC/SC", LoadedSpi.class.getName());
        }
    }
}
