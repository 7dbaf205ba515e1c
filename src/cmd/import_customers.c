/*
 * import_customers.c: `ticketty import customers FILE.csv|FILE.json`: upsert
 * customers (by id) with the inputs of the health score, row by row: a bad row
 * is reported with its line (CSV) or item number (JSON) and the good rows
 * still load.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "health_util.h"
#include "json_keys.h"
#include "ticketty/cmd.h"
#include "ticketty/csv.h"
#include "ticketty/health.h"
#include "ticketty/suggest.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_import_customers;

struct import {
    struct tt_store *st;
    bool invalid; /* the error is about the document (exit 2), not the database */
    const char *file;
    char *shown; /* file as warnings print it (tt_sanitize) */
    size_t imported;
    json_t *rejected; /* [{line|item, error}] */
    int json;
    int *item_lines; /* JSON: the line where item i+1 starts (NULL for CSV) */
    size_t n_item_lines;
};

/* The line on which each element of the customers array starts: the root
 * array, or the array under the root object's "customers" key.  jansson
 * reports no positions, so a small scanner that knows strings and nesting
 * finds them (the text has already parsed as JSON). */
static void find_item_lines(struct import *im, const char *text, size_t len)
{
    enum { MAXD = 64 };
    char kind[MAXD]; /* '[' or '{' per open container */
    int depth = 0, line = 1, target = -1;
    bool expect = false, after_key_customers = false;
    size_t cap = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (ch == '\n') {
            line++;
            continue;
        }
        if (ch == ' ' || ch == '\t' || ch == '\r')
            continue;
        if (depth == target && expect && ch != ']') {
            if (im->n_item_lines == cap) {
                cap = cap ? cap * 2 : 64;
                im->item_lines = xrealloc(im->item_lines, cap * sizeof *im->item_lines);
            }
            im->item_lines[im->n_item_lines++] = line;
            expect = false;
        }
        if (ch == '"') {
            size_t start = i + 1;
            for (i++; i < len && text[i] != '"'; i++)
                if (text[i] == '\\')
                    i++;
            /* A key of the root object: is it "customers"? */
            if (depth == 1 && kind[0] == '{') {
                size_t j = i + 1;
                while (j < len && strchr(" \t\r\n", text[j]))
                    j++;
                if (j < len && text[j] == ':')
                    after_key_customers =
                        i - start == 9 && memcmp(text + start, "customers", 9) == 0;
            }
            continue;
        }
        if (ch == '[' || ch == '{') {
            if (depth == MAXD)
                return;
            kind[depth++] = ch;
            if (ch == '[' && target < 0 &&
                (depth == 1 || (depth == 2 && kind[0] == '{' && after_key_customers))) {
                target = depth;
                expect = true;
            }
        } else if (ch == ']' || ch == '}') {
            if (depth == target)
                return;
            if (depth > 0)
                depth--;
        } else if (ch == ',' && depth == target) {
            expect = true;
        }
    }
}

static void reject(struct import *im, const char *where_key, int where, const char *msg)
{
    char *clean = tt_sanitize(msg, 0);
    bool item = strcmp(where_key, "item") == 0;
    int line =
        item && where >= 1 && (size_t)where <= im->n_item_lines ? im->item_lines[where - 1] : 0;
    if (!im->json) {
        if (line)
            fprintf(stderr, "ticketty: %s:%d: item %d: %s\n", im->shown, line, where, clean);
        else
            fprintf(stderr, "ticketty: %s:%s%d: %s\n", im->shown, item ? " item " : "", where,
                    clean);
    }
    json_t *o = json_object();
    json_object_set_new(o, where_key, json_integer(where));
    if (line)
        json_object_set_new(o, "line", json_integer(line));
    json_object_set_new(o, "error", json_string(clean));
    json_array_append_new(im->rejected, o);
    free(clean);
}

/* End a warning about an unknown column or key: the closest known one, if close. */
static void did_you_mean(const char *name)
{
    const char *s = tt_suggest(name, tt_customer_columns, TT_CCOL__COUNT);
    if (s)
        fprintf(stderr, " (did you mean \"%s\"?)", s);
    fputc('\n', stderr);
}

/* Check and upsert one row; 0 saved, 1 rejected (reported), -1 database error. */
static int import_row(struct import *im, const char *const values[TT_CCOL__COUNT],
                      const char *where_key, int where, struct tt_err *err)
{
    struct tt_customer c;
    struct tt_err rerr;
    if (tt_customer_from_columns(values, &c, &rerr) < 0) {
        reject(im, where_key, where, rerr.msg);
        return 1;
    }
    /* Values not given keep what is stored (the core upsert overwrites these). */
    if (!c.name || !c.plan || c.mrr < 0 || !c.subscription_status) {
        struct tt_customer old;
        int found = tt_store_customer_by_key(im->st, c.key, &old, err);
        if (found < 0) {
            tt_customer_clear(&c);
            return -1;
        }
        if (found) {
            if (!c.name)
                c.name = xstrdup(old.name);
            if (!c.plan)
                c.plan = xstrdup(old.plan);
            if (c.mrr < 0)
                c.mrr = old.mrr;
            if (!c.subscription_status)
                c.subscription_status = xstrdup(old.subscription_status);
            tt_customer_clear(&old);
        }
        if (c.mrr < 0)
            c.mrr = 0;
    }
    int rc = tt_store_customer_upsert(im->st, &c, NULL, err);
    tt_customer_clear(&c);
    if (rc < 0)
        return -1;
    im->imported++;
    return 0;
}

static int import_csv(struct import *im, const char *text, size_t len, struct tt_err *err)
{
    struct tt_csv r;
    tt_csv_init(&r, text, len, im->file);
    struct tt_csv_record header = {0}, rec = {0};
    int rc = tt_csv_next(&r, &header, err);
    if (rc <= 0) {
        if (rc == 0)
            tt_errf(err, "%s:1: empty file (expected a header line with id, name, ...)", im->file);
        im->invalid = true;
        return -1;
    }
    int col[TT_CCOL__COUNT];
    for (int i = 0; i < TT_CCOL__COUNT; i++)
        col[i] = tt_csv_column(&header, tt_customer_columns[i]);
    if (col[TT_CCOL_ID] < 0) {
        int line = header.line;
        tt_csv_record_clear(&header);
        im->invalid = true;
        return tt_errf(err, "%s:%d: the header has no \"id\" column", im->file, line);
    }
    for (size_t i = 0; i < header.n; i++) {
        bool known = false;
        for (int j = 0; j < TT_CCOL__COUNT; j++) {
            known = known || col[j] == (int)i;
            if (col[j] >= 0 && col[j] != (int)i &&
                tt_csv_column(&(struct tt_csv_record){.fields = &header.fields[i], .n = 1},
                              tt_customer_columns[j]) == 0) {
                int line = header.line;
                tt_csv_record_clear(&header);
                im->invalid = true;
                return tt_errf(err, "%s:%d: the column \"%s\" appears twice in the header",
                               im->file, line, tt_customer_columns[j]);
            }
        }
        if (!known && !im->json) {
            char *h = tt_json_key_display(header.fields[i]);
            fprintf(stderr, "ticketty: %s:%d: ignoring unknown column \"%s\"", im->shown,
                    header.line, h);
            did_you_mean(header.fields[i]);
            free(h);
        }
    }
    int status = 0;
    size_t rows = 0;
    for (;;) {
        struct tt_err rerr;
        rc = tt_csv_next(&r, &rec, &rerr);
        if (rc == 0)
            break;
        rows++;
        if (rc < 0) {
            /* "FILE:LINE: msg": report without repeating the file name. */
            int line = 0;
            const char *msg = rerr.msg + strlen(im->file);
            if (sscanf(msg, ":%d:", &line) == 1)
                msg = strchr(msg + 1, ':') + 1;
            while (*msg == ' ')
                msg++;
            reject(im, "line", line, msg);
            continue;
        }
        if (rec.n != header.n) {
            char msg[128];
            snprintf(msg, sizeof msg, "expected %zu fields as in the header, found %zu", header.n,
                     rec.n);
            reject(im, "line", rec.line, msg);
            continue;
        }
        const char *values[TT_CCOL__COUNT];
        for (int i = 0; i < TT_CCOL__COUNT; i++)
            values[i] = col[i] >= 0 ? rec.fields[col[i]] : NULL;
        if (import_row(im, values, "line", rec.line, err) < 0) {
            status = -1;
            break;
        }
    }
    if (status == 0 && rows == 0) {
        /* a header and nothing else is no customer list (as kb eval, triage eval) */
        im->invalid = true;
        status =
            tt_errf(err, "%s:%d: no customer rows after the header line", im->file, header.line);
    }
    tt_csv_record_clear(&header);
    tt_csv_record_clear(&rec);
    return status;
}

static int import_json(struct import *im, const char *text, size_t len, struct tt_err *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (!root) {
        im->invalid = true;
        return tt_errf(err, "%s:%d: invalid JSON: %s", im->file, jerr.line, jerr.text);
    }
    if (!im->json)
        tt_json_warn_duplicate(text, len, im->shown);
    json_t *arr = json_is_object(root) ? json_object_get(root, "customers") : root;
    if (!json_is_array(arr)) {
        json_decref(root);
        im->invalid = true;
        return tt_errf(err, "%s: expected an array of customer objects (or {\"customers\": [...]})",
                       im->file);
    }
    if (json_is_object(root) && !im->json) {
        static const struct tt_json_key top[] = {{"customers", TT_JK_LEAF, NULL}, {0}};
        tt_json_check_keys(root, top, tt_json_warn_unknown, im->shown);
    }
    if (json_array_size(arr) == 0) {
        json_decref(root);
        im->invalid = true;
        return tt_errf(err, "%s: no customers: the array is empty", im->file);
    }
    find_item_lines(im, text, len);
    int status = 0;
    json_t *warned = json_object(); /* unknown keys already reported */
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        int item = (int)i + 1;
        if (!json_is_object(o)) {
            reject(im, "item", item, "not an object");
            continue;
        }
        const char *key;
        json_t *kv;
        json_object_foreach(o, key, kv)
        {
            bool known = false;
            for (int c = 0; c < TT_CCOL__COUNT && !known; c++)
                known = tt_streq(key, tt_customer_columns[c]);
            if (known || json_object_get(warned, key))
                continue;
            json_object_set_new(warned, key, json_true());
            if (!im->json) {
                char *h = tt_json_key_display(key);
                fprintf(stderr, "ticketty: %s: item %d: ignoring unknown key \"%s\"", im->shown,
                        item, h);
                did_you_mean(key);
                free(h);
            }
        }
        char *owned[TT_CCOL__COUNT] = {0};
        const char *values[TT_CCOL__COUNT] = {0};
        const char *bad = NULL;
        for (int c = 0; c < TT_CCOL__COUNT && !bad; c++) {
            json_t *v = json_object_get(o, tt_customer_columns[c]);
            if (!v || json_is_null(v))
                continue;
            if (json_is_string(v)) {
                values[c] = json_string_value(v);
            } else if (json_is_integer(v)) {
                values[c] = owned[c] = xasprintf("%lld", (long long)json_integer_value(v));
            } else if (json_is_real(v)) {
                values[c] = owned[c] = xasprintf("%.17g", json_real_value(v));
            } else if (json_is_array(v) && c == TT_CCOL_FEATURES) {
                struct tt_buf b = {0};
                for (size_t k = 0; k < json_array_size(v) && !bad; k++) {
                    json_t *f = json_array_get(v, k);
                    if (!json_is_string(f))
                        bad = tt_customer_columns[c];
                    else if (strchr(json_string_value(f), ';'))
                        bad = tt_customer_columns[c];
                    else {
                        if (b.len)
                            tt_buf_putc(&b, ';');
                        tt_buf_puts(&b, json_string_value(f));
                    }
                }
                values[c] = owned[c] = b.data ? tt_buf_steal(&b) : xstrdup("");
            } else {
                bad = tt_customer_columns[c];
            }
        }
        int rc = 0;
        if (bad) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s: unexpected JSON type", bad);
            reject(im, "item", item, msg);
        } else {
            rc = import_row(im, values, "item", item, err);
        }
        for (int c = 0; c < TT_CCOL__COUNT; c++)
            free(owned[c]);
        if (rc < 0) {
            status = -1;
            break;
        }
    }
    json_decref(warned);
    json_decref(root);
    free(im->item_lines);
    im->item_lines = NULL;
    im->n_item_lines = 0;
    return status;
}

static int import_customers_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'j')
            return tt_cmd_usage(&tt_cmd_import_customers, "unknown option '%s'", argv[optind - 1]);
        json = 1;
    }
    if (optind != argc - 1)
        return tt_cmd_usage(&tt_cmd_import_customers, "expected one FILE.csv or FILE.json");
    const char *file = argv[optind];
    struct tt_err err;
    size_t len;
    char *text = tt_read_file(file, &len, &err);
    if (!text)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st) {
        free(text);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    /* A UTF-8 byte order mark (Excel, PowerShell, Notepad) is not content. */
    const char *body = text;
    size_t blen = len;
    if (blen >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) {
        body += 3;
        blen -= 3;
    }
    size_t n = strlen(file);
    const char *p = body;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    bool is_json = (n > 5 && strcmp(file + n - 5, ".json") == 0) ||
                   (!(n > 4 && strcmp(file + n - 4, ".csv") == 0) && (*p == '[' || *p == '{'));
    struct import im = {.st = st,
                        .file = tt_input_name(file),
                        .shown = tt_sanitize(tt_input_name(file), 0),
                        .rejected = json_array(),
                        .json = json};
    int rc = tt_store_begin(st, &err);
    if (rc == 0)
        rc = is_json ? import_json(&im, body, blen, &err) : import_csv(&im, body, blen, &err);
    if (rc == 0)
        rc = tt_store_commit(st, &err);
    else
        tt_store_rollback(st);
    free(text);
    free(im.shown);
    if (rc < 0) {
        json_decref(im.rejected);
        /* nothing was imported: a document that is not a customer list is a
         * usage error (2), a database failure an operation failure (1) */
        return tt_cmd_fail(&err, im.invalid ? TT_EXIT_USAGE : TT_EXIT_FAIL);
    }
    size_t rejected = json_array_size(im.rejected);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "imported", json_integer((json_int_t)im.imported));
        json_object_set_new(o, "rejected", im.rejected);
        tt_health_json_print(o);
    } else {
        printf("imported %zu customer%s from %s", im.imported, im.imported == 1 ? "" : "s",
               im.file);
        if (rejected)
            printf(" (%zu row%s rejected)", rejected, rejected == 1 ? "" : "s");
        printf("\n");
        json_decref(im.rejected);
    }
    if (!rejected)
        return TT_EXIT_OK;
    return im.imported ? TT_EXIT_PARTIAL : TT_EXIT_FAIL;
}

const struct tt_cmd tt_cmd_import_customers = {
    .name = "import customers",
    .usage = "FILE.csv|FILE.json [--json]",
    .summary = "import or update customers and their health inputs",
    .help = "Upserts customers by id.  CSV (RFC 4180) with a header line naming the columns\n"
            "id, name, plan, mrr, csm, subscription_status, login_days_last_30,\n"
            "features_used (names separated by ';'), tickets_last_90_days,\n"
            "resolved_tickets_last_90_days, current_month_usage, previous_month_usage,\n"
            "failed_payments_last_90_days; or JSON: an array of objects with those keys\n"
            "(features_used may be an array of names).  Only id is required; an empty value\n"
            "keeps what is stored.  Without ticket figures they are counted from the\n"
            "store's tickets when scoring.  Each bad row is reported with its line (for\n"
            "JSON the line the object starts on, and its item number) and skipped; the\n"
            "good rows still load (exit status 3 when some rows were rejected, 1 when\n"
            "all were).  A file that is no customer list (invalid JSON, no header or no\n"
            "id column, a header and no row, not an array or an empty one) exits 2\n"
            "naming FILE:LINE; one that cannot be read exits 1.\n"
            "--json   {\"imported\": N, \"rejected\": [{\"line\": L, \"error\": \"...\"}]}\n"
            "         (JSON files: {\"item\": N, \"line\": L, \"error\": \"...\"})",
    .exec = import_customers_exec,
};
