/*
 * sync2_fakeprov.c: a fake Freshdesk or Intercom account on loopback for the
 * end-to-end tests (tests/support/sync2_fake.h).
 *
 *   sync2_fakeprov --provider freshdesk|intercom [--port N] [--tickets N]
 *                  [--comments N] [--contacts N] [--companies N] [--token T]
 *                  [--fault KIND@PREFIX[:SKIP[:TIMES]]]...
 *
 * Prints "port N" on stdout once listening, then serves until SIGTERM/SIGINT.
 * Faults are fakesrv's (429, 500, 401, drop, truncate, malformed) on request
 * paths starting with PREFIX.  GET /__control?touch=I / ?delete=I changes
 * ticket I (0-based) while running.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakesrv.h"
#include "sync2_fake.h"

static volatile sig_atomic_t stop;
static void on_sig(int s)
{
    (void)s;
    stop = 1;
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        {"provider", required_argument, NULL, 'P'},
        {"port", required_argument, NULL, 'p'},
        {"tickets", required_argument, NULL, 'n'},
        {"comments", required_argument, NULL, 'c'},
        {"contacts", required_argument, NULL, 'C'},
        {"companies", required_argument, NULL, 'O'},
        {"token", required_argument, NULL, 't'},
        {"fault", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    struct s2_fake_opts o = {.provider = S2_FRESHDESK,
                             .tickets = 50,
                             .comments = 2,
                             .contacts = 10,
                             .companies = 3,
                             .token = "secret-token"};
    const char *faults[32];
    int nf = 0, c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'P':
            if (!strcmp(optarg, "intercom"))
                o.provider = S2_INTERCOM;
            else if (strcmp(optarg, "freshdesk")) {
                fprintf(stderr, "sync2_fakeprov: --provider freshdesk|intercom\n");
                return 2;
            }
            break;
        case 'p':
            o.port = atoi(optarg);
            break;
        case 'n':
            o.tickets = atoi(optarg);
            break;
        case 'c':
            o.comments = atoi(optarg);
            break;
        case 'C':
            o.contacts = atoi(optarg);
            break;
        case 'O':
            o.companies = atoi(optarg);
            break;
        case 't':
            o.token = optarg;
            break;
        case 'f':
            if (nf < 32)
                faults[nf++] = optarg;
            break;
        default:
            fprintf(stderr, "usage: see tests/tools/sync2_fakeprov.c\n");
            return 2;
        }
    }
    struct s2_fake *f = s2_fake_start(&o);
    for (int i = 0; i < nf; i++)
        if (fs_fault_parse(s2_fake_server(f), faults[i]) < 0) {
            fprintf(stderr, "sync2_fakeprov: bad --fault '%s'\n", faults[i]);
            s2_fake_stop(f);
            return 2;
        }
    signal(SIGTERM, on_sig);
    signal(SIGINT, on_sig);
    printf("port %d\n", fs_port(s2_fake_server(f)));
    fflush(stdout);
    while (!stop)
        pause();
    s2_fake_stop(f);
    return 0;
}
