package org.scgateway.lwm2m.objects.internal.admin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Issue 22, finding 14: a request cut by a crash is reported after the restart, not "no script has run". */
public class ScriptJournalTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aRequestStartedAndNeverEndedIsReportedInterruptedByTheNextProcess() throws Exception {
        Path file = folder.getRoot().toPath().resolve("requests-running.properties");
        ScriptJournal before = new ScriptJournal(file);
        before.begin("sim-1", "a script of 200 commands");
        before.begin("sim-2", "a script of 3 commands");
        before.end("sim-2");
        // kill -9 here: nothing but the file outlives the process

        Map<String, AdminOutcome> after = new ScriptJournal(file).interrupted();
        assertEquals(java.util.Set.of("sim-1"), after.keySet());
        AdminOutcome o = after.get("sim-1");
        assertEquals(AdminOutcome.Result.COMPONENT_LOST, o.result);
        assertTrue(o.description, o.description.startsWith("interrupted: the gateway stopped while a script of 200 commands ran"));
        assertEquals("reported again until an outcome replaces it", java.util.Set.of("sim-1"), new ScriptJournal(file).interrupted().keySet());
        new ScriptJournal(file).end("sim-1");
        assertTrue(new ScriptJournal(file).interrupted().isEmpty());
    }

    @Test
    public void aStartThatCannotBeRecordedIsAnError() {
        Path unwritable = Path.of("/proc/1/requests-running.properties"); // no one, root included, creates files there
        org.junit.Assert.assertThrows(java.io.IOException.class, () -> new ScriptJournal(unwritable).begin("sim-1", "a script"));
        assertTrue(Files.notExists(unwritable));
    }
}
