/*
 * A PC/SC client that connects exclusively, as card managers and LPAs do, through pcsc-lite's own API:
 * the other program in PcscIT's reader-sharing test.
 *
 *   exclusive-holder READER SECONDS
 *
 * Connects to the card in READER with SCARD_SHARE_EXCLUSIVE, asking again for up to SECONDS while
 * pcscd answers that another program has it; selects the default application on the basic channel;
 * then holds the card until its standard input ends, and leaves it as it is. Each step is one line
 * on standard output: "connected TRIES", "selected SW", "released"; a failure is "refused CODE".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <winscard.h>

static void say(const char *what, unsigned long value)
{
    printf("%s %lX\n", what, value);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s READER SECONDS\n", argv[0]);
        return 2;
    }
    SCARDCONTEXT context;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv != SCARD_S_SUCCESS) {
        say("refused", (unsigned long) rv);
        return 1;
    }
    SCARDHANDLE card;
    DWORD protocol;
    time_t until = time(NULL) + atoi(argv[2]);
    unsigned long tries = 0;
    do {
        tries++;
        rv = SCardConnect(context, argv[1], SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
        if (rv == SCARD_E_SHARING_VIOLATION) {
            usleep(50 * 1000);
        }
    } while (rv == SCARD_E_SHARING_VIOLATION && time(NULL) < until);
    if (rv != SCARD_S_SUCCESS) {
        say("refused", (unsigned long) rv);
        SCardReleaseContext(context);
        return 1;
    }
    say("connected", tries);

    const BYTE select[] = {0x00, 0xA4, 0x04, 0x00, 0x00};
    BYTE answer[258];
    DWORD length = sizeof answer;
    const SCARD_IO_REQUEST *pci = protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
    rv = SCardTransmit(card, pci, select, sizeof select, NULL, answer, &length);
    if (rv != SCARD_S_SUCCESS || length < 2) {
        say("refused", (unsigned long) rv);
    } else {
        say("selected", (unsigned long) (answer[length - 2] << 8 | answer[length - 1]));
    }

    char line[64];
    while (fgets(line, sizeof line, stdin) != NULL) {
        /* held until the test lets go: end of input */
    }
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    SCardReleaseContext(context);
    printf("released\n");
    fflush(stdout);
    return 0;
}
