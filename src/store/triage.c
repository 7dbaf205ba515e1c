/*
 * triage.c: trained models, triage results and agents' overrides.
 *
 * A model row per field: saving deletes the old row and inserts the new one
 * inside one IMMEDIATE transaction, so readers see either the old model or
 * the new one, never none or a half-written blob.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ticketty/store_triage.h"
#include "ticketty/util.h"

void tt_triage_model_row_clear(struct tt_triage_model_row *m)
{
    free(m->field);
    free(m->source);
    free(m->weights);
    memset(m, 0, sizeof *m);
}

void tt_triage_result_clear(struct tt_triage_result *r)
{
    free(r->category);
    free(r->priority);
    free(r->base_priority);
    free(r->group);
    free(r->tags);
    free(r->rules);
    free(r->terms);
    free(r->draft);
    free(r->articles);
    free(r->state);
    memset(r, 0, sizeof *r);
}

int tt_store_triage_model_save(struct tt_store *st, const struct tt_triage_model_row *row,
                               int64_t *version_out, struct tt_err *err)
{
    if (tt_store_begin(st, err) < 0)
        return -1;
    int64_t version = 1;
    sqlite3_stmt *s = tt_sql_prepare(st, "SELECT version FROM triage_models WHERE field = ?", err);
    if (!s)
        goto fail;
    tt_bind_text(s, 1, row->field);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        version = sqlite3_column_int64(s, 0) + 1;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        tt_sql_fail(st, err, "read triage model version");
        goto fail;
    }
    s = tt_sql_prepare(st, "DELETE FROM triage_models WHERE field = ?", err);
    if (!s)
        goto fail;
    tt_bind_text(s, 1, row->field);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_sql_fail(st, err, "replace triage model");
        goto fail;
    }
    s = tt_sql_prepare(st,
                       "INSERT INTO triage_models(field, version, source, train_size, labels,"
                       " features, eval_examples, accuracy, macro_f1, confident_precision,"
                       " confident_coverage, train_seconds, temperature, weights, created_at)"
                       " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                       err);
    if (!s)
        goto fail;
    tt_bind_text(s, 1, row->field);
    sqlite3_bind_int64(s, 2, version);
    tt_bind_text(s, 3, row->source ? row->source : "");
    sqlite3_bind_int64(s, 4, row->train_size);
    sqlite3_bind_int64(s, 5, row->labels);
    sqlite3_bind_int64(s, 6, row->features);
    sqlite3_bind_int64(s, 7, row->eval_examples);
    if (row->eval_examples > 0) {
        sqlite3_bind_double(s, 8, row->accuracy);
        sqlite3_bind_double(s, 9, row->macro_f1);
        sqlite3_bind_double(s, 10, row->confident_precision);
        sqlite3_bind_double(s, 11, row->confident_coverage);
    }
    sqlite3_bind_double(s, 12, row->train_seconds);
    sqlite3_bind_double(s, 13, row->temperature);
    sqlite3_bind_blob64(s, 14, row->weights, row->weights_len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 15, row->created_at ? row->created_at : tt_now());
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_sql_fail(st, err, "save triage model");
        goto fail;
    }
    if (tt_store_commit(st, err) < 0)
        return -1;
    if (version_out)
        *version_out = version;
    return 0;
fail:
    tt_store_rollback(st);
    return -1;
}

int tt_store_triage_model_get(struct tt_store *st, const char *field, bool with_weights,
                              struct tt_triage_model_row *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = tt_sql_prepare(
        st,
        "SELECT field, version, source, train_size, labels, features, eval_examples,"
        " coalesce(accuracy, 0), coalesce(macro_f1, 0), coalesce(confident_precision, 0),"
        " coalesce(confident_coverage, 0), coalesce(train_seconds, 0), coalesce(temperature, 1),"
        " created_at, CASE WHEN ?2 THEN weights END, length(weights)"
        " FROM triage_models WHERE field = ?1",
        err);
    if (!s)
        return -1;
    tt_bind_text(s, 1, field);
    sqlite3_bind_int(s, 2, with_weights);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->field = tt_col_text(s, 0);
        out->version = tt_col_int(s, 1);
        out->source = tt_col_text(s, 2);
        out->train_size = tt_col_int(s, 3);
        out->labels = tt_col_int(s, 4);
        out->features = tt_col_int(s, 5);
        out->eval_examples = tt_col_int(s, 6);
        out->accuracy = sqlite3_column_double(s, 7);
        out->macro_f1 = sqlite3_column_double(s, 8);
        out->confident_precision = sqlite3_column_double(s, 9);
        out->confident_coverage = sqlite3_column_double(s, 10);
        out->train_seconds = sqlite3_column_double(s, 11);
        out->temperature = sqlite3_column_double(s, 12);
        out->created_at = tt_col_int(s, 13);
        out->weights_len = (size_t)tt_col_int(s, 15);
        if (with_weights) {
            const void *b = sqlite3_column_blob(s, 14);
            size_t n = (size_t)sqlite3_column_bytes(s, 14);
            out->weights = xmalloc(n ? n : 1);
            if (n)
                memcpy(out->weights, b, n);
            out->weights_len = n;
        }
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read triage model");
}

void tt_triage_texts_free(struct tt_triage_texts *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->text[i]);
        free(t->label[i]);
    }
    free(t->text);
    free(t->label);
    memset(t, 0, sizeof *t);
}

int tt_store_triage_training_texts(struct tt_store *st, const char *field, int64_t limit,
                                   struct tt_triage_texts *out, struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    const char *col;
    if (tt_streq(field, "category"))
        col = "t.category";
    else if (tt_streq(field, "priority"))
        col = "t.priority";
    else
        return tt_errf(err, "triage: no field '%s' to train (category, priority)", field);
    /* The latest override per ticket wins over the ticket's own field. */
    char *sql =
        xasprintf("SELECT * FROM (SELECT t.subject || char(10) || t.description,"
                  " coalesce((SELECT o.chosen FROM triage_overrides o WHERE o.ticket_id = t.id"
                  "           AND o.field = ?1 ORDER BY o.id DESC LIMIT 1), %s)"
                  " FROM tickets t WHERE t.deleted = 0"
                  " ORDER BY t.updated_at DESC, t.id DESC LIMIT ?2)"
                  " UNION ALL SELECT o.text, o.chosen FROM triage_overrides o"
                  " WHERE o.ticket_id IS NULL AND o.field = ?1",
                  col);
    sqlite3_stmt *s = tt_sql_prepare(st, sql, err);
    free(sql);
    if (!s)
        return -1;
    tt_bind_text(s, 1, field);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *label = (const char *)sqlite3_column_text(s, 1);
        if (!label || !*label)
            continue;
        if (out->n == cap) {
            cap = cap ? 2 * cap : 256;
            out->text = xrealloc(out->text, cap * sizeof *out->text);
            out->label = xrealloc(out->label, cap * sizeof *out->label);
        }
        const char *text = (const char *)sqlite3_column_text(s, 0);
        out->text[out->n] = xstrdup(text ? text : "");
        out->label[out->n] = xstrdup(label);
        out->n++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        tt_triage_texts_free(out);
        return tt_sql_fail(st, err, "read triage training data");
    }
    return 0;
}

static const char sql_result_save[] =
    "INSERT INTO triage_results(ticket_id, model_version, category, confidence, priority,"
    " group_name, tags, rules, terms, draft, articles, state, created_at, decided_at,"
    " base_priority) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"
    " ON CONFLICT(ticket_id) DO UPDATE SET model_version = excluded.model_version,"
    " category = excluded.category, confidence = excluded.confidence,"
    " priority = excluded.priority, group_name = excluded.group_name,"
    " tags = excluded.tags, rules = excluded.rules, terms = excluded.terms,"
    " draft = excluded.draft, articles = excluded.articles, state = excluded.state,"
    " created_at = excluded.created_at, decided_at = excluded.decided_at,"
    " base_priority = coalesce(base_priority, excluded.base_priority)";

int tt_store_triage_result_save(struct tt_store *st, const struct tt_triage_result *r,
                                struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_result_save, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, r->ticket_id);
    sqlite3_bind_int64(s, 2, r->model_version);
    tt_bind_text(s, 3, r->category);
    sqlite3_bind_double(s, 4, r->confidence);
    tt_bind_text(s, 5, r->priority ? r->priority : "normal");
    tt_bind_text(s, 6, r->group);
    tt_bind_text(s, 7, r->tags ? r->tags : "");
    tt_bind_text(s, 8, r->rules ? r->rules : "");
    tt_bind_text(s, 9, r->terms ? r->terms : "");
    tt_bind_text(s, 10, r->draft);
    tt_bind_text(s, 11, r->articles ? r->articles : "");
    tt_bind_text(s, 12, r->state ? r->state : "suggested");
    sqlite3_bind_int64(s, 13, r->created_at ? r->created_at : tt_now());
    tt_bind_time(s, 14, r->decided_at);
    tt_bind_text(s, 15, r->base_priority);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "save triage result");
}

static const char sql_result_get[] =
    "SELECT ticket_id, model_version, category, confidence, priority, group_name, tags,"
    " rules, terms, draft, articles, state, created_at, decided_at, base_priority"
    " FROM triage_results WHERE ticket_id = ?";

int tt_store_triage_result_get(struct tt_store *st, int64_t ticket_id, struct tt_triage_result *out,
                               struct tt_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = tt_sql_cached(st, sql_result_get, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->ticket_id = tt_col_int(s, 0);
        out->model_version = tt_col_int(s, 1);
        out->category = tt_col_text(s, 2);
        out->confidence = sqlite3_column_double(s, 3);
        out->priority = tt_col_text(s, 4);
        out->group = tt_col_text(s, 5);
        out->tags = tt_col_text(s, 6);
        out->rules = tt_col_text(s, 7);
        out->terms = tt_col_text(s, 8);
        out->draft = tt_col_text(s, 9);
        out->articles = tt_col_text(s, 10);
        out->state = tt_col_text(s, 11);
        out->created_at = tt_col_int(s, 12);
        out->decided_at = tt_col_int(s, 13);
        out->base_priority = tt_col_text(s, 14);
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : tt_sql_fail(st, err, "read triage result");
}

static const char sql_result_state[] =
    "UPDATE triage_results SET state = ?2, decided_at = ?3 WHERE ticket_id = ?1";

int tt_store_triage_result_state(struct tt_store *st, int64_t ticket_id, const char *state,
                                 struct tt_err *err)
{
    sqlite3_stmt *s = tt_sql_cached(st, sql_result_state, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    tt_bind_text(s, 2, state);
    sqlite3_bind_int64(s, 3, tt_now());
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "update triage result");
    if (sqlite3_changes(st->db) == 0)
        return tt_errf(err, "ticket %lld has no triage result", (long long)ticket_id);
    return 0;
}

int tt_store_triage_override_add(struct tt_store *st, int64_t ticket_id, const char *field,
                                 const char *suggested, const char *chosen, struct tt_err *err)
{
    sqlite3_stmt *s =
        tt_sql_prepare(st,
                       "INSERT INTO triage_overrides(ticket_id, field, suggested, chosen, text, at)"
                       " SELECT id, ?2, ?3, ?4, subject || char(10) || description, ?5 FROM tickets"
                       " WHERE id = ?1",
                       err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    tt_bind_text(s, 2, field);
    tt_bind_text(s, 3, suggested);
    tt_bind_text(s, 4, chosen);
    sqlite3_bind_int64(s, 5, tt_now());
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "record triage override");
    if (sqlite3_changes(st->db) == 0)
        return tt_errf(err, "no ticket %lld", (long long)ticket_id);
    return 0;
}

/* Walks the tickets_updated index from the newest and stops at the limit (the
 * unary + keeps the planner off tickets_status, which would read and sort every
 * open ticket: 1.4 s at a million tickets). */
static const char sql_untriaged[] =
    "SELECT t.id FROM tickets t WHERE t.deleted = 0"
    " AND +t.status IN ('new','open','pending','on_hold') AND NOT EXISTS"
    " (SELECT 1 FROM triage_results r WHERE r.ticket_id = t.id)"
    " ORDER BY t.updated_at DESC, t.id DESC LIMIT ?";

int tt_store_triage_untriaged(struct tt_store *st, int64_t limit, int64_t **ids, size_t *n,
                              struct tt_err *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s = tt_sql_cached(st, sql_untriaged, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return tt_sql_fail(st, err, "list untriaged tickets");
    }
    return 0;
}

static const char sql_apply_group[] =
    "SELECT g.id, g.external_id FROM groups g JOIN tickets t ON t.account_id ="
    " g.account_id WHERE t.id = ?1 AND g.name = ?2 ORDER BY g.id LIMIT 1";

static const char sql_apply_ticket[] =
    "UPDATE tickets SET priority = coalesce(?2, priority),"
    " group_id = coalesce(?3, group_id),"
    " tags = CASE WHEN ?4 IS NULL OR instr(' ' || tags || ' ', ' ' || ?4 || ' ') > 0"
    "   THEN tags ELSE trim(tags || ' ' || ?4) END"
    " WHERE id = ?1";

/* The group called name in the ticket's account: its local id into *id and
 * its external id (heap) into *ext, each when not NULL; 1 found, 0 not (both
 * left 0/NULL), -1 on error. */
static int find_group(struct tt_store *st, int64_t ticket_id, const char *name, int64_t *id,
                      char **ext, struct tt_err *err)
{
    if (id)
        *id = 0;
    if (ext)
        *ext = NULL;
    sqlite3_stmt *s = tt_sql_cached(st, sql_apply_group, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, ticket_id);
    tt_bind_text(s, 2, name);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (id)
            *id = sqlite3_column_int64(s, 0);
        if (ext)
            *ext = tt_col_text(s, 1);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_sql_fail(st, err, "find group");
    return rc == SQLITE_ROW;
}

int tt_store_triage_group_find(struct tt_store *st, int64_t ticket_id, const char *group_name,
                               char **group_ext, struct tt_err *err)
{
    return find_group(st, ticket_id, group_name, NULL, group_ext, err);
}

int tt_store_triage_apply_local(struct tt_store *st, int64_t ticket_id, int priority,
                                const char *group_name, const char *add_tag, char **group_ext,
                                struct tt_err *err)
{
    if (group_ext)
        *group_ext = NULL;
    int64_t group_id = 0;
    if (group_name && find_group(st, ticket_id, group_name, &group_id, group_ext, err) < 0)
        return -1;
    sqlite3_stmt *s = tt_sql_cached(st, sql_apply_ticket, err);
    if (!s) {
        if (group_ext) {
            free(*group_ext);
            *group_ext = NULL;
        }
        return -1;
    }
    sqlite3_bind_int64(s, 1, ticket_id);
    if (priority >= 0 && priority < TT_PRIORITY__COUNT)
        tt_bind_text(s, 2, tt_priority_name((enum tt_priority)priority));
    tt_bind_id(s, 3, group_id);
    tt_bind_text(s, 4, add_tag && *add_tag ? add_tag : NULL);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        if (group_ext) {
            free(*group_ext);
            *group_ext = NULL;
        }
        return tt_sql_fail(st, err, "apply triage to ticket");
    }
    return 0;
}
