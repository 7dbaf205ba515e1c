/*
 * kb_bench.c: the knowledge-base benchmark's helper (bench/kb.sh).
 *
 *   kb_bench gen DIR N       write N generated articles under DIR (20
 *                            categories, Zipf-distributed words, CJK in 5%)
 *                            and print 300 queries drawn from them
 *   kb_bench search DB FILE MODE
 *                            run every query of FILE (one per line) through
 *                            tt_kb_search in this process (MODE bm25 | semantic
 *                            | hybrid, not logged) and print p50 / p99 / mean
 *                            latency in ms and the peak RSS
 *
 * Deterministic: the same N gives the same tree and queries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ticketty/kb.h"
#include "ticketty/kbcore.h"
#include "ticketty/store.h"
#include "ticketty/util.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}

static const char *const real[] = {
    "account",       "billing",    "invoice",    "refund",     "password",   "login",
    "sso",           "saml",       "okta",       "workspace",  "project",    "board",
    "task",          "member",     "invite",     "admin",      "owner",      "guest",
    "permission",    "role",       "export",     "import",     "csv",        "api",
    "token",         "webhook",    "slack",      "calendar",   "email",      "notification",
    "mobile",        "desktop",    "sync",       "offline",    "upload",     "file",
    "storage",       "limit",      "plan",       "upgrade",    "downgrade",  "seat",
    "payment",       "card",       "charge",     "receipt",    "vat",        "tax",
    "security",      "two-factor", "device",     "session",    "audit",      "log",
    "error",         "timeout",    "slow",       "loading",    "browser",    "cache",
    "cookie",        "domain",     "subdomain",  "region",     "data",       "delete",
    "restore",       "trash",      "archive",    "template",   "field",      "report",
    "dashboard",     "chart",      "filter",     "search",     "tag",        "label",
    "comment",       "mention",    "attachment", "preview",    "link",       "share",
    "public",        "private",    "team",       "group",      "channel",    "integration",
    "zapier",        "github",     "jira",       "trello",     "asana",      "teams",
    "google",        "microsoft",  "settings",   "profile",    "avatar",     "language",
    "timezone",      "date",       "reminder",   "recurring",  "automation", "rule",
    "trigger",       "action",     "status",     "priority",   "deadline",   "milestone",
    "timeline",      "gantt",      "kanban",     "column",     "row",        "view",
    "list",          "calendar",   "sprint",     "estimate",   "time",       "tracking",
    "billing-cycle", "annual",     "monthly",    "trial",      "discount",   "coupon",
    "cancel",        "renewal",    "contract",   "enterprise", "compliance", "gdpr",
    "backup",
};
#define N_SYN 6000
static char syn[N_SYN][16];

static void make_words(void)
{
    static const char *const syl[] = {"ka",  "lo",  "mi", "ren", "tor", "vex", "sa",  "qui", "dor",
                                      "fen", "pla", "zu", "bri", "no",  "tek", "mar", "sil", "gra"};
    for (int i = 0; i < N_SYN; i++) {
        syn[i][0] = '\0';
        int n = 2 + (int)(next() % 3);
        for (int k = 0; k < n; k++)
            strcat(syn[i], syl[next() % (sizeof syl / sizeof *syl)]);
    }
}

/* Zipf-ish: real words are frequent, synthetic ones form the long tail. */
static const char *word(void)
{
    uint64_t r = next() % 1000;
    if (r < 450)
        return real[next() % (sizeof real / sizeof *real)];
    double u = (double)(next() % 1000000) / 1e6;
    int i = (int)(N_SYN * u * u * u);
    return syn[i < N_SYN ? i : N_SYN - 1];
}

static const char *const cjk[] = {"账户", "密码", "发票", "退款", "登录", "工作区",
                                  "通知", "同步", "权限", "导出", "集成", "订阅"};

static int gen(const char *dir, long n)
{
    make_words();
    struct tt_err err;
    char **titles = xcalloc((size_t)n, sizeof *titles);
    char **bodies = xcalloc((size_t)n, sizeof *bodies);
    for (long i = 0; i < n; i++) {
        char *path = xasprintf("%s/cat%02ld/article-%05ld.md", dir, i % 20, i);
        if (tt_mkdir_parents(path, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 1;
        }
        struct tt_buf t = {0}, b = {0};
        int tw = 4 + (int)(next() % 4);
        for (int k = 0; k < tw; k++)
            tt_buf_printf(&t, "%s%s", k ? " " : "", word());
        bool zh = next() % 20 == 0;
        int paras = 3 + (int)(next() % 4);
        for (int p = 0; p < paras; p++) {
            if (p == 1)
                tt_buf_printf(&b, "## %s %s\n\n", word(), word());
            int words = 30 + (int)(next() % 60);
            for (int k = 0; k < words; k++) {
                if (zh && k % 5 == 0)
                    tt_buf_puts(&b, cjk[next() % (sizeof cjk / sizeof *cjk)]);
                tt_buf_printf(&b, "%s%s", k ? " " : "", word());
            }
            tt_buf_puts(&b, ".\n\n");
        }
        fprintf(f,
                "---\nid: gen-%05ld\ntitle: %s\ncategory: cat%02ld\ntags: [%s, %s]\n"
                "audience: %s\nvisibility: public\nreviewed_at: 2026-01-%02ld\n---\n%s",
                i, tt_buf_str(&t), i % 20, word(), word(),
                i % 10 == 0 ? "internal"
                : i % 3     ? "customer"
                            : "both",
                1 + i % 28, tt_buf_str(&b));
        fclose(f);
        titles[i] = tt_buf_steal(&t);
        bodies[i] = tt_buf_steal(&b);
        free(path);
    }
    /* Queries: two or three words from a random article's title and body. */
    for (int q = 0; q < 300; q++) {
        long i = (long)(next() % (uint64_t)n);
        char *t = xstrdup(titles[i]);
        char *first = strtok(t, " ");
        const char *b = bodies[i];
        size_t len = strlen(b);
        size_t at = len > 40 ? next() % (len - 40) : 0;
        while (at > 0 && b[at - 1] != ' ')
            at--;
        size_t wl = strcspn(b + at, " .\n#");
        printf("%s %.*s\n", first ? first : "", (int)wl, b + at);
        free(t);
    }
    for (long i = 0; i < n; i++) {
        free(titles[i]);
        free(bodies[i]);
    }
    free(titles);
    free(bodies);
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int search(const char *db, const char *file, const char *mode_name)
{
    struct tt_err err;
    struct tt_store *st = tt_store_open(db, &err);
    if (!st) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    size_t len;
    char *data = tt_read_file(file, &len, &err);
    if (!data) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int mode = tt_kb_mode_from_name(mode_name);
    if (mode < 0) {
        fprintf(stderr, "unknown mode %s\n", mode_name);
        return 2;
    }
    double *ms = NULL;
    size_t n = 0, hits = 0;
    char *warm = xstrdup(data);
    for (int pass = 0; pass < 2; pass++) { /* pass 0 warms the caches */
        for (char *line = strtok(pass ? data : warm, "\n"); line; line = strtok(NULL, "\n")) {
            struct tt_kb_search_opts o;
            tt_kb_search_opts_init(&o);
            o.mode = (enum tt_kb_mode)mode;
            o.log = false;
            struct tt_kb_result *r;
            size_t nr;
            double t0 = now_ms();
            if (tt_kb_search(st, line, &o, &r, &nr, &err) < 0) {
                fprintf(stderr, "%s\n", err.msg);
                return 1;
            }
            double dt = now_ms() - t0;
            tt_kb_results_free(r, nr);
            if (pass) {
                ms = xrealloc(ms, (n + 1) * sizeof *ms);
                ms[n++] = dt;
                hits += nr > 0;
            }
            if (pass == 0 && n > 20)
                break;
        }
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ms[i];
    double mean = n ? sum / (double)n : 0;
    double p50 = tt_kb_percentile(ms, n, 50), p99 = tt_kb_percentile(ms, n, 99);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-8s %zu queries (%zu with results): p50 %.2f ms  p99 %.2f ms  mean %.2f ms  "
           "peak RSS %ld MB\n",
           mode_name, n, hits, p50, p99, mean, ru.ru_maxrss / 1024);
    free(ms);
    free(warm);
    free(data);
    tt_store_close(st);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], atol(argv[3]));
    if (argc == 5 && strcmp(argv[1], "search") == 0)
        return search(argv[2], argv[3], argv[4]);
    fprintf(stderr, "usage: kb_bench gen DIR N | search DB FILE MODE\n");
    return 2;
}
