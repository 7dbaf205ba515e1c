/*
 * fakezd.c: a fake Zendesk account on loopback for end-to-end tests and the
 * benchmark (see tests/support/fake_zendesk.h).
 *
 *   fakezd [--port N] [--tickets N] [--comments N] [--email E] [--token T]
 *          [--fault KIND@PREFIX[:SKIP[:TIMES]]]... [--foreign URL]
 *          [--touch ID]... [--delete ID]... [--urls FILE]
 *
 * Prints "port N" on stdout once listening, then serves until SIGTERM/SIGINT.
 * --urls FILE writes the URLs a full pull fetches (for curl in the benchmark).
 * A request to /__control?touch=ID or ?delete=ID changes the data while running.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_zendesk.h"
#include "fakesrv.h"
#include "ticketty/util.h"

static volatile sig_atomic_t stop;
static void on_sig(int s)
{
    (void)s;
    stop = 1;
}

static struct fake_zendesk *zd;

static void handler(void *ud, const struct fs_request *rq, struct fs_response *rs)
{
    if (!strcmp(rq->path, "/__control")) {
        const char *t = fs_arg(rq, "touch"), *d = fs_arg(rq, "delete");
        if (t)
            fz_touch(zd, atoi(t), "A new message from the customer");
        if (d)
            fz_delete(zd, atoi(d));
        rs->body = xstrdup("{}");
        return;
    }
    fz_handle(ud, rq, rs);
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        {"port", required_argument, NULL, 'p'},
        {"tickets", required_argument, NULL, 'n'},
        {"comments", required_argument, NULL, 'c'},
        {"email", required_argument, NULL, 'e'},
        {"token", required_argument, NULL, 't'},
        {"fault", required_argument, NULL, 'f'},
        {"foreign", required_argument, NULL, 'F'},
        {"urls", required_argument, NULL, 'u'},
        {"touch", required_argument, NULL, 'T'},
        {"delete", required_argument, NULL, 'D'},
        {NULL, 0, NULL, 0},
    };
    struct fz_opts o = {
        .tickets = 100, .comments = 3, .email = "agent@example.com", .token = "secret-token"};
    int port = 0, c;
    char *faults[32];
    int nf = 0, touch[64], nt = 0, del[64], nd = 0;
    const char *urls = NULL;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'p':
            port = atoi(optarg);
            break;
        case 'n':
            o.tickets = atoi(optarg);
            break;
        case 'c':
            o.comments = atoi(optarg);
            break;
        case 'e':
            o.email = optarg;
            break;
        case 't':
            o.token = optarg;
            break;
        case 'F':
            o.foreign_base = optarg;
            break;
        case 'u':
            urls = optarg;
            break;
        case 'f':
            if (nf < 32)
                faults[nf++] = optarg;
            break;
        case 'T':
            if (nt < 64)
                touch[nt++] = atoi(optarg);
            break;
        case 'D':
            if (nd < 64)
                del[nd++] = atoi(optarg);
            break;
        default:
            fprintf(stderr, "usage: see tests/tools/fakezd.c\n");
            return 2;
        }
    }
    o.users = o.tickets / 2 + 1;
    o.orgs = o.tickets / 20 + 1;
    zd = fz_new(&o);
    for (int i = 0; i < nt; i++)
        fz_touch(zd, touch[i], "A new message from the customer");
    for (int i = 0; i < nd; i++)
        fz_delete(zd, del[i]);
    struct fakesrv *s = fs_start(port, handler, zd);
    if (!s) {
        fprintf(stderr, "fakezd: cannot listen on port %d\n", port);
        return 1;
    }
    for (int i = 0; i < nf; i++)
        if (fs_fault_parse(s, faults[i]) < 0) {
            fprintf(stderr, "fakezd: bad --fault '%s'\n", faults[i]);
            return 2;
        }
    if (urls) {
        FILE *f = fopen(urls, "w");
        if (!f)
            return 1;
        for (int from = 0;; from += 1000) {
            if (from == 0)
                fprintf(f,
                        "%s/api/v2/incremental/tickets/cursor?start_time=0&per_page=1000"
                        "&include=users,groups,organizations,metric_sets\n",
                        fs_url(s));
            else
                fprintf(f,
                        "%s/api/v2/incremental/tickets/cursor?cursor=s%d&per_page=1000"
                        "&include=users,groups,organizations,metric_sets\n",
                        fs_url(s), from);
            for (int i = from + 1; i <= from + 1000 && i <= o.tickets; i++)
                fprintf(f, "%s/api/v2/tickets/%d/comments?page[size]=100&include=users\n",
                        fs_url(s), i);
            if (from + 1000 >= o.tickets)
                break;
        }
        /* deleted tickets, organisations, users: the rest of a full pull */
        fprintf(f, "%s/api/v2/deleted_tickets?page=1&per_page=100\n", fs_url(s));
        long long t0 = 1700000000LL - 86400;
        for (int n = 0; n == 0 || n < o.orgs; n += 1000)
            fprintf(f, "%s/api/v2/incremental/organizations?start_time=%lld&per_page=1000\n",
                    fs_url(s), n ? t0 + n - 1 : (long long)0);
        for (int n = 0; n == 0 || n < o.users + 5; n += 1000) {
            if (n)
                fprintf(
                    f, "%s/api/v2/incremental/users/cursor?start_time=0&cursor=u%d&per_page=1000\n",
                    fs_url(s), n);
            else
                fprintf(f, "%s/api/v2/incremental/users/cursor?start_time=0&per_page=1000\n",
                        fs_url(s));
        }
        fclose(f);
    }
    signal(SIGTERM, on_sig);
    signal(SIGINT, on_sig);
    printf("port %d\n", fs_port(s));
    fflush(stdout);
    while (!stop)
        pause();
    fs_stop(s);
    fz_free(zd);
    return 0;
}
