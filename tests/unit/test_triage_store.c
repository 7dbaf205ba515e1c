/*
 * test_triage_store.c: triage models (atomic replace, versions, weights that
 * load back), training texts with overrides taking precedence, results and
 * their states, on a real SQLite file.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/classifier.h"
#include "ticketty/store_triage.h"
#include "ticketty/util.h"

struct fx {
    char *dir, *db;
    struct tt_store *st;
    int64_t acct;
};

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    tu_store_fixture("t.db", &f->dir, &f->db, &f->st, &f->acct);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    tu_store_fixture_free(f->dir, f->db, f->st);
    free(f);
    return 0;
}

static int64_t add_ticket(struct fx *f, const char *ext, const char *subject, const char *body,
                          const char *category, enum tt_priority p)
{
    struct tt_ticket t = {0};
    t.account_id = f->acct;
    t.external_id = (char *)ext;
    t.subject = (char *)subject;
    t.description = (char *)body;
    t.category = (char *)category;
    t.status = TT_STATUS_NEW;
    t.priority = p;
    t.created_at = t.updated_at = 1000;
    int64_t id = 0;
    struct tt_err err;
    if (tt_store_ticket_upsert(f->st, &t, &id, &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

static void test_model_replace(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    struct tt_triage_model_row got;
    assert_int_equal(tt_store_triage_model_get(f->st, "category", true, &got, &err), 0);

    struct tt_clf_example ex[] = {{"refund please", "billing"}, {"cannot log in", "login"}};
    struct tt_clf *m = tt_clf_train(ex, 2, NULL, &err);
    assert_non_null(m);
    struct tt_triage_model_row row = {0};
    row.field = "category";
    row.source = "tickets";
    row.train_size = 2;
    row.labels = 2;
    row.features = (int64_t)tt_clf_n_features(m);
    row.weights = tt_clf_save(m, &row.weights_len);
    int64_t v = 0;
    assert_int_equal(tt_store_triage_model_save(f->st, &row, &v, &err), 0);
    assert_int_equal(v, 1);
    row.source = "again.csv";
    assert_int_equal(tt_store_triage_model_save(f->st, &row, &v, &err), 0);
    assert_int_equal(v, 2);

    assert_int_equal(tt_store_triage_model_get(f->st, "category", false, &got, &err), 1);
    assert_int_equal(got.version, 2);
    assert_string_equal(got.source, "again.csv");
    assert_null(got.weights);
    assert_int_equal(got.weights_len, row.weights_len);
    tt_triage_model_row_clear(&got);
    assert_int_equal(tt_store_triage_model_get(f->st, "category", true, &got, &err), 1);
    assert_int_equal(got.eval_examples, 0);
    struct tt_clf *back = tt_clf_load(got.weights, got.weights_len, &err);
    assert_non_null(back);
    assert_int_equal(tt_clf_n_labels(back), 2);
    tt_clf_free(back);
    tt_triage_model_row_clear(&got);
    assert_int_equal(tt_store_triage_model_get(f->st, "priority", false, &got, &err), 0);
    free(row.weights);
    tt_clf_free(m);
}

static void test_training_texts(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    int64_t a = add_ticket(f, "1", "Refund", "charged twice", "billing", TT_PRIORITY_HIGH);
    add_ticket(f, "2", "Login", "locked out", "login", TT_PRIORITY_NORMAL);
    add_ticket(f, "3", "No category", "body", NULL, TT_PRIORITY_LOW);
    int64_t d = add_ticket(f, "4", "退款", "我要退款", "billing", TT_PRIORITY_NORMAL);
    /* Agent said ticket 1 is really "refunds"; ticket 4 too, and then it was deleted. */
    assert_int_equal(tt_store_triage_override_add(f->st, a, "category", "billing", "refunds", &err),
                     0);
    assert_int_equal(tt_store_triage_override_add(f->st, d, "category", "billing", "refunds", &err),
                     0);
    assert_int_equal(tt_store_triage_override_add(f->st, 999, "category", "x", "y", &err), -1);
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, d, &t, &err), 1);
    t.deleted = true;
    assert_int_equal(tt_store_ticket_upsert(f->st, &t, NULL, &err), 0);
    tt_ticket_clear(&t);

    struct tt_triage_texts tx;
    assert_int_equal(tt_store_triage_training_texts(f->st, "category", 0, &tx, &err), 0);
    assert_int_equal(tx.n, 2); /* tickets 1 and 2; 3 has no label; 4 is deleted */
    size_t r = strcmp(tx.text[0], "Refund\ncharged twice") == 0 ? 0 : 1;
    assert_string_equal(tx.text[r], "Refund\ncharged twice");
    assert_string_equal(tx.label[r], "refunds");
    assert_string_equal(tx.label[1 - r], "login");
    tt_triage_texts_free(&tx);

    assert_int_equal(tt_store_triage_training_texts(f->st, "priority", 0, &tx, &err), 0);
    assert_int_equal(tx.n, 3);
    bool high = false;
    for (size_t i = 0; i < tx.n; i++)
        high = high || (strcmp(tx.label[i], "high") == 0 && strstr(tx.text[i], "Refund"));
    assert_true(high);
    tt_triage_texts_free(&tx);
    assert_int_equal(tt_store_triage_training_texts(f->st, "priority", 1, &tx, &err), 0);
    assert_int_equal(tx.n, 1);
    tt_triage_texts_free(&tx);
    assert_int_equal(tt_store_triage_training_texts(f->st, "status", 0, &tx, &err), -1);
}

static void test_results(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    int64_t id = add_ticket(f, "1", "Cancel", "please cancel", "billing", TT_PRIORITY_NORMAL);
    struct tt_triage_result r = {0}, got;
    assert_int_equal(tt_store_triage_result_get(f->st, id, &got, &err), 0);
    int64_t *ids;
    size_t n;
    assert_int_equal(tt_store_triage_untriaged(f->st, 10, &ids, &n, &err), 0);
    assert_int_equal(n, 1);
    free(ids);
    r.ticket_id = id;
    r.category = "cancel";
    r.confidence = 0.93;
    r.priority = "urgent";
    r.tags = "churn-risk";
    r.rules = "churn phrase \"cancel\": priority urgent, tag churn-risk";
    r.terms = "cancel 1.2";
    r.created_at = 5000;
    assert_int_equal(tt_store_triage_result_save(f->st, &r, &err), 0);
    assert_int_equal(tt_store_triage_result_get(f->st, id, &got, &err), 1);
    assert_string_equal(got.category, "cancel");
    assert_string_equal(got.state, "suggested");
    assert_string_equal(got.tags, "churn-risk");
    assert_null(got.draft);
    assert_null(got.group);
    tt_triage_result_clear(&got);
    assert_int_equal(tt_store_triage_result_state(f->st, id, "accepted", &err), 0);
    assert_int_equal(tt_store_triage_result_get(f->st, id, &got, &err), 1);
    assert_string_equal(got.state, "accepted");
    assert_true(got.decided_at > 0);
    tt_triage_result_clear(&got);
    assert_int_equal(tt_store_triage_result_state(f->st, id + 100, "accepted", &err), -1);
    assert_int_equal(tt_store_triage_untriaged(f->st, 10, &ids, &n, &err), 0);
    assert_int_equal(n, 0);
    free(ids);
}

/* Catching up: open tickets only, most recently updated first, at most
 * `limit`, never one that already has a result. */
static void test_untriaged_order(void **state)
{
    struct fx *f = *state;
    struct tt_err err;
    static const struct {
        const char *ext;
        enum tt_status status;
        int64_t updated;
    } rows[] = {
        {"a", TT_STATUS_NEW, 3000},     {"b", TT_STATUS_CLOSED, 9000}, {"c", TT_STATUS_OPEN, 7000},
        {"d", TT_STATUS_PENDING, 5000}, {"e", TT_STATUS_SOLVED, 8000}, {"f", TT_STATUS_NEW, 6000},
    };
    int64_t id[6];
    for (size_t i = 0; i < 6; i++) {
        struct tt_ticket t = {0};
        t.account_id = f->acct;
        t.external_id = (char *)rows[i].ext;
        t.subject = "s";
        t.description = "d";
        t.status = rows[i].status;
        t.priority = TT_PRIORITY_NORMAL;
        t.created_at = 1000 + (int64_t)i; /* creation order differs from update order */
        t.updated_at = rows[i].updated;
        if (tt_store_ticket_upsert(f->st, &t, &id[i], &err) < 0)
            fail_msg("%s", err.msg);
    }
    int64_t *ids;
    size_t n;
    assert_int_equal(tt_store_triage_untriaged(f->st, 0, &ids, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_int_equal(ids[0], id[2]); /* c 7000 */
    assert_int_equal(ids[1], id[5]); /* f 6000 */
    assert_int_equal(ids[2], id[3]); /* d 5000 */
    assert_int_equal(ids[3], id[0]); /* a 3000 */
    free(ids);
    assert_int_equal(tt_store_triage_untriaged(f->st, 2, &ids, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], id[2]);
    assert_int_equal(ids[1], id[5]);
    free(ids);
    struct tt_triage_result r = {0};
    r.ticket_id = id[2];
    r.category = "billing";
    r.priority = "normal";
    r.created_at = 5000;
    assert_int_equal(tt_store_triage_result_save(f->st, &r, &err), 0);
    assert_int_equal(tt_store_triage_untriaged(f->st, 2, &ids, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], id[5]);
    assert_int_equal(ids[1], id[3]);
    free(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_model_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_training_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results, setup, teardown),
        cmocka_unit_test_setup_teardown(test_untriaged_order, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
