package org.scgateway.tee.internal.soft;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;

import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.tee.internal.TeeStore;

/**
 * The process FileTeeStoreTest kills: installs components of a few megabytes one after another, each with
 * a fresh nonce, and says so after each, until it is killed.
 */
public final class StoreUnderKill {

    public static void main(String[] args) throws Exception {
        FileTeeStore store = new FileTeeStore(Paths.get(args[0]));
        Random random = new Random();
        for (int i = store.components().size() + 1; ; i++) {
            byte[] image = new byte[(2 + random.nextInt(3)) << 20];
            random.nextBytes(image);
            List<byte[]> id = List.of(("ta-" + i).getBytes(StandardCharsets.US_ASCII));
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            store.apply(new TeeStore.Change(List.of(), List.of(new TeeStore.Install(new TrustedComponent(id, "tam", i), image)), nonce));
            System.out.println("installed " + i);
            System.out.flush();
        }
    }
}
