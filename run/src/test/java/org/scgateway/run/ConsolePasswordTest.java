package org.scgateway.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConsolePasswordTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Felix Web Console 5 ships this as the hash of its default password "admin" (OsgiManager.DEFAULT_PASSWORD). */
    @Test
    public void hashHasTheWebConsoleFormat() {
        assertEquals("{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=", ConsolePassword.hash("admin"));
    }

    @Test
    public void generatesAPrivatePasswordOnceAndReusesIt() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("data/console.password");
        ConsolePassword first = ConsolePassword.provision(null, file);
        String password = Files.readString(file).strip();
        assertEquals(20, password.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(ConsolePassword.hash(password), first.hash());
        assertTrue(first.whereToFind().contains(file.toString()));
        assertFalse("the message must not carry the password", first.whereToFind().contains(password));
        assertFalse("no temporary file is left", Files.exists(file.resolveSibling("console.password.tmp")));

        ConsolePassword second = ConsolePassword.provision(null, file);
        assertEquals(first.hash(), second.hash());
    }

    @Test
    public void twoGatewaysGetDifferentPasswords() throws Exception {
        String a = ConsolePassword.provision(null, tmp.getRoot().toPath().resolve("a")).hash();
        String b = ConsolePassword.provision(null, tmp.getRoot().toPath().resolve("b")).hash();
        assertNotEquals(a, b);
    }

    @Test
    public void theEnvironmentWinsAndNothingIsWritten() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("console.password");
        ConsolePassword p = ConsolePassword.provision("s3cret-from-env", file);
        assertEquals(ConsolePassword.hash("s3cret-from-env"), p.hash());
        assertFalse(Files.exists(file));
        assertFalse(p.whereToFind().contains("s3cret-from-env"));
    }

    @Test
    public void adminIsNeverAccepted() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("console.password");
        assertThrows(IllegalArgumentException.class, () -> ConsolePassword.provision("admin", file));
        Files.writeString(file, "admin\n");
        assertThrows(IllegalArgumentException.class, () -> ConsolePassword.provision(null, file));
        Files.writeString(file, "  \n");
        assertThrows(IllegalArgumentException.class, () -> ConsolePassword.provision(null, file));
    }
}
