/*
 * fold.c: SQL functions that fold case as tt_text_fold does (src/core/text.c:
 * Latin, Greek, Cyrillic, Armenian, Georgian, fullwidth; one table, no
 * locale), for the queue's text filter (tickets.c) and its trigram index
 * (schema_filter.c).  SQL's LIKE and lower() fold ASCII only.
 *
 *   tt_fold(X)              X folded, each invalid UTF-8 sequence made U+FFFD
 *                           (valid UTF-8 out, so FTS5 reads the very code
 *                           points the filter compares); NULL for NULL
 *   tt_fold_contains(X, Y)  1 when tt_fold(X) contains tt_fold(Y), else 0;
 *                           NULL when either is NULL.  Y is folded once per
 *                           statement (SQLite keeps it as auxiliary data for a
 *                           bound or constant Y); X into a buffer on the stack.
 *
 * Registered on every connection before the migrations run (migration 7
 * indexes folded subjects), deterministic and innocuous.  The sqlite3 shell
 * knows neither: the triggers never call them.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

/* X folded: 3 bytes out for each invalid byte in at most (tt_text_fold_into). */
static void fold_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *x = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    char *out = x ? sqlite3_malloc64(3 * (sqlite3_uint64)n + 1) : NULL;
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t k = tt_text_fold_into(out, x, n, true);
    sqlite3_result_text64(ctx, out, k, sqlite3_free, SQLITE_UTF8);
}

struct needle {
    size_t len;
    char text[];
};

static void contains_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    struct needle *y = sqlite3_get_auxdata(ctx, 1), *made = NULL;
    if (!y) {
        const char *t = (const char *)sqlite3_value_text(argv[1]);
        size_t n = (size_t)sqlite3_value_bytes(argv[1]);
        made = t ? sqlite3_malloc64(sizeof *made + 3 * (sqlite3_uint64)n + 1) : NULL;
        if (!made) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        made->len = tt_text_fold_into(made->text, t, n, true);
        y = made;
    }
    const char *x = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    char stack[1536], *buf = stack;
    if (x && 3 * n > sizeof stack)
        buf = sqlite3_malloc64(3 * (sqlite3_uint64)n);
    if (!x || !buf) {
        sqlite3_free(made);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t k = tt_text_fold_into(buf, x, n, true);
    bool found = y->len == 0 || (y->len <= k && memmem(buf, k, y->text, y->len) != NULL);
    if (buf != stack)
        sqlite3_free(buf);
    sqlite3_result_int(ctx, found);
    /* last: SQLite may free it at once when it cannot keep it */
    if (made)
        sqlite3_set_auxdata(ctx, 1, made, sqlite3_free);
}

int tt_store_fold_register(struct tt_store *st, struct tt_err *err)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    if (sqlite3_create_function_v2(st->db, "tt_fold", 1, flags, NULL, fold_func, NULL, NULL,
                                   NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(st->db, "tt_fold_contains", 2, flags, NULL, contains_func, NULL,
                                   NULL, NULL) != SQLITE_OK)
        return tt_sql_fail(st, err, "register the case folding functions");
    return 0;
}
