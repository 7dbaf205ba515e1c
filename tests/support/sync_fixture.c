/*
 * sync_fixture.c: see sync_fixture.h.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_fixture.h"
#include "testutil.h"
#include "ticketty/util.h"

struct zfx *zfx_start(int tickets, int comments, int page_size)
{
    struct zfx *f = xcalloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    struct fz_opts o = {.tickets = tickets,
                        .comments = comments,
                        .users = tickets / 2 + 1,
                        .orgs = tickets / 10 + 1,
                        .email = "agent@example.com",
                        .token = "s3cret-zd-token"};
    f->z = fz_new(&o);
    f->srv = fs_start(0, fz_handle, f->z);
    if (!f->srv)
        tt_fatal("cannot start the fake Zendesk");
    char *cfgpath =
        tu_write_file(f->dir, "config.yaml", "sync:\n  backoff_ms: 5\n  max_wait_seconds: 5\n");
    struct tt_err err;
    f->cfg = tt_config_load(cfgpath, true, &err);
    free(cfgpath);
    if (!f->cfg)
        tt_fatal("%s", err.msg);
    char *db = xasprintf("%s/t.db", f->dir);
    f->st = tt_store_open(db, &err);
    free(db);
    if (!f->st)
        tt_fatal("%s", err.msg);
    setenv("TT_TEST_ZD_TOKEN", "s3cret-zd-token", 1);
    f->acct.name = xstrdup("acme");
    f->acct.provider = xstrdup("zendesk");
    f->acct.url = xstrdup(fs_url(f->srv));
    f->acct.email = xstrdup("agent@example.com");
    f->acct.token_env = xstrdup("TT_TEST_ZD_TOKEN");
    f->acct.page_size = page_size;
    f->opts.config = f->cfg;
    if (tt_sync_account_id(f->st, &f->acct, &f->account_id, &err) < 0)
        tt_fatal("%s", err.msg);
    return f;
}

void zfx_stop(struct zfx *f)
{
    fs_stop(f->srv);
    fz_free(f->z);
    tt_store_close(f->st);
    tt_config_free(f->cfg);
    tt_account_conf_clear(&f->acct);
    tu_rmtree(f->dir);
    free(f->dir);
    free(f);
}

int zfx_pull(struct zfx *f, struct tt_sync_stats *s, struct tt_err *err)
{
    memset(s, 0, sizeof *s);
    tt_err_clear(err);
    return tt_sync_pull(f->st, &f->acct, &f->opts, s, err);
}

long long zfx_sql(struct zfx *f, const char *sql)
{
    char *db = xasprintf("%s/t.db", f->dir);
    sqlite3 *h;
    long long v = -1;
    if (sqlite3_open(db, &h) == SQLITE_OK) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK) {
            if (sqlite3_step(s) == SQLITE_ROW)
                v = sqlite3_column_int64(s, 0);
            sqlite3_finalize(s);
        } else {
            fprintf(stderr, "zfx_sql: %s: %s\n", sql, sqlite3_errmsg(h));
        }
    }
    sqlite3_close(h);
    free(db);
    return v;
}

enum tt_outbox_state tu_outbox_state(struct tt_store *st, int64_t id, char **error)
{
    struct tt_outbox_item it;
    struct tt_err err;
    assert_int_equal(tt_store_outbox_get(st, id, &it, &err), 1);
    enum tt_outbox_state s = it.state;
    if (error)
        *error = xstrdup(it.last_error);
    tt_outbox_item_clear(&it);
    return s;
}
