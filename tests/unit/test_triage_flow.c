/*
 * test_triage_flow.c: triage of stored tickets end to end inside the library:
 * a model trained and stored, tickets triaged with the customer's MRR, churn
 * phrases, routing to a group, apply mode writing the ticket and the outbox
 * (helpdesk account) or only the ticket (local account), explanations, and
 * the agent's accept / override feeding the next training, and a model
 * stored by an earlier ticketty (the older image format) still triaging.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/classifier.h"
#include "ticketty/config.h"
#include "ticketty/store_sync.h"
#include "ticketty/store_triage.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

struct fx {
    char *dir;
    struct tt_store *st;
    int64_t zd, local, big, small;
};

static const char *const billing[] = {"I was charged twice",
                                      "refund my invoice",
                                      "wrong amount on the invoice",
                                      "payment failed on my card",
                                      "need a receipt for the payment",
                                      "billing question about VAT"};
static const char *const login[] = {"cannot log in",
                                    "password reset link broken",
                                    "locked out of my account",
                                    "two-factor code not arriving",
                                    "SSO login fails",
                                    "sign in page errors"};

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    char *db = xasprintf("%s/t.db", f->dir);
    struct tt_err err;
    f->st = tt_store_open(db, &err);
    free(db);
    if (!f->st)
        fail_msg("%s", err.msg);
    assert_int_equal(tt_store_account_upsert(f->st, "zd", "zendesk", "https://x", &f->zd, &err), 0);
    assert_int_equal(tt_store_account_upsert(f->st, "local", "local", NULL, &f->local, &err), 0);
    assert_int_equal(tt_store_group_upsert(f->st, f->zd, "g-77", "Billing", NULL, NULL, &err), 0);
    struct tt_customer c = {.key = "zd:1", .name = "Big Co", .plan = "enterprise", .mrr = 6000};
    assert_int_equal(tt_store_customer_upsert(f->st, &c, &f->big, &err), 0);
    struct tt_customer s = {.key = "zd:2", .name = "Small Co", .plan = "free", .mrr = 10};
    assert_int_equal(tt_store_customer_upsert(f->st, &s, &f->small, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    tt_store_close(f->st);
    tu_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static int64_t add_ticket(struct fx *f, int64_t acct, const char *ext, const char *subject,
                          const char *body, int64_t customer, enum tt_status status)
{
    struct tt_ticket t = {0};
    t.account_id = acct;
    t.external_id = (char *)ext;
    t.subject = (char *)subject;
    t.description = (char *)body;
    t.status = status;
    t.priority = TT_PRIORITY_NORMAL;
    t.customer_id = customer;
    t.created_at = t.updated_at = 1000;
    int64_t id;
    struct tt_err err;
    if (tt_store_ticket_upsert(f->st, &t, &id, &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

static void train(struct fx *f)
{
    struct tt_clf_example ex[2 * 6 * 5];
    char *texts[2 * 6 * 5];
    size_t n = 0;
    static const char *const pre[] = {"", "hello, ", "hi team: ", "urgent - ", "please help, "};
    for (size_t p = 0; p < 5; p++)
        for (size_t i = 0; i < 6; i++) {
            texts[n] = xasprintf("%s%s", pre[p], billing[i]);
            ex[n].text = texts[n];
            ex[n++].label = "billing";
            texts[n] = xasprintf("%s%s", pre[p], login[i]);
            ex[n].text = texts[n];
            ex[n++].label = "login";
        }
    struct tt_err err;
    int64_t v;
    struct tt_clf_metrics mt;
    size_t used;
    if (tt_triage_train(f->st, "category", ex, n, 0, "test", true, &v, &mt, &used, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(v, 1);
    assert_int_equal(used, n);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
}

static struct tt_config *config(struct fx *f, const char *yaml)
{
    char *path = tu_write_file(f->dir, "config.yaml", yaml);
    struct tt_err err;
    struct tt_config *c = tt_config_load(path, true, &err);
    free(path);
    if (!c)
        fail_msg("%s", err.msg);
    return c;
}

static void test_suggest(void **state)
{
    struct fx *f = *state;
    train(f);
    int64_t a = add_ticket(f, f->zd, "1", "Refund", "I was charged twice for my invoice", f->big,
                           TT_STATUS_NEW);
    int64_t b = add_ticket(f, f->zd, "2", "账户", "我们想取消订阅", f->small, TT_STATUS_OPEN);
    add_ticket(f, f->zd, "3", "Old", "solved long ago", f->small, TT_STATUS_SOLVED);
    struct tt_config *cfg = config(f, "");
    struct tt_err err;
    int64_t done;
    assert_int_equal(tt_triage_pending(f->st, cfg, 0, &done, &err), 0);
    assert_int_equal(done, 2); /* the solved ticket is not triaged */

    struct tt_triage_result r;
    assert_int_equal(tt_store_triage_result_get(f->st, a, &r, &err), 1);
    assert_string_equal(r.category, "billing");
    assert_true(r.confidence > 0.5);
    assert_string_equal(r.priority, "high"); /* MRR 6000 >= 5000 */
    assert_non_null(strstr(r.rules, "MRR 6000 >= 5000: priority normal -> high"));
    assert_string_equal(r.state, "suggested");
    assert_true(strlen(r.terms) > 0);
    assert_int_equal(r.model_version, 1);
    tt_triage_result_clear(&r);
    assert_int_equal(tt_store_triage_result_get(f->st, b, &r, &err), 1);
    assert_string_equal(r.priority, "urgent");
    assert_string_equal(r.tags, "churn-risk");
    tt_triage_result_clear(&r);

    /* Suggest mode changes nothing on the ticket and queues nothing. */
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, a, &t, &err), 1);
    assert_int_equal(t.priority, TT_PRIORITY_NORMAL);
    tt_ticket_clear(&t);
    struct tt_outbox_item *items;
    size_t n;
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &items, &n, &err), 0);
    assert_int_equal(n, 0);
    tt_outbox_list_free(items, n);

    /* Accepting applies the suggestion and records a confirmed label. */
    assert_int_equal(tt_triage_accept(f->st, a, &err), 0);
    assert_int_equal(tt_store_ticket_get(f->st, a, &t, &err), 1);
    assert_int_equal(t.priority, TT_PRIORITY_HIGH);
    tt_ticket_clear(&t);
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &items, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].kind, "priority");
    assert_string_equal(items[0].payload, "high");
    tt_outbox_list_free(items, n);

    /* Overriding records the agent's label; the next training sees it. */
    assert_int_equal(tt_triage_override(f->st, b, "category", "cancellation", &err), 0);
    assert_int_equal(tt_triage_override(f->st, b, "priority", "asap", &err), -1);
    assert_int_equal(tt_triage_override(f->st, 9999, "category", "x", &err), -1);
    assert_int_equal(tt_store_triage_result_get(f->st, b, &r, &err), 1);
    assert_string_equal(r.state, "overridden");
    tt_triage_result_clear(&r);
    struct tt_triage_texts tx;
    assert_int_equal(tt_store_triage_training_texts(f->st, "category", 0, &tx, &err), 0);
    int seen_cancel = 0, seen_billing = 0;
    for (size_t i = 0; i < tx.n; i++) {
        seen_cancel += strcmp(tx.label[i], "cancellation") == 0;
        seen_billing += strcmp(tx.label[i], "billing") == 0;
    }
    assert_int_equal(seen_cancel, 1);
    assert_int_equal(seen_billing, 1);
    tt_triage_texts_free(&tx);
    tt_config_free(cfg);
}

/* Tickets with the same subject and body (form letters, the templated demo)
 * are classified and searched once per run; each still gets its own rules,
 * and what it gets equals what a fresh triage of it alone gives. */
static void test_repeated_texts(void **state)
{
    struct fx *f = *state;
    train(f);
    int64_t a = add_ticket(f, f->zd, "1", "Refund", "I was charged twice for my invoice", f->big,
                           TT_STATUS_NEW);
    int64_t b =
        add_ticket(f, f->zd, "2", "Login", "password reset link broken", f->small, TT_STATUS_NEW);
    int64_t c = add_ticket(f, f->zd, "3", "Refund", "I was charged twice for my invoice", f->small,
                           TT_STATUS_OPEN);
    int64_t d = add_ticket(f, f->zd, "4", "Refund", "I was charged twice for my last invoice",
                           f->small, TT_STATUS_OPEN);
    struct tt_config *cfg = config(f, "");
    struct tt_err err;
    int64_t done;
    assert_int_equal(tt_triage_pending(f->st, cfg, 0, &done, &err), 0);
    assert_int_equal(done, 4);
    struct tt_triage_result ra, rb, rc, rd;
    assert_int_equal(tt_store_triage_result_get(f->st, a, &ra, &err), 1);
    assert_int_equal(tt_store_triage_result_get(f->st, b, &rb, &err), 1);
    assert_int_equal(tt_store_triage_result_get(f->st, c, &rc, &err), 1);
    assert_int_equal(tt_store_triage_result_get(f->st, d, &rd, &err), 1);
    assert_string_equal(ra.category, "billing");
    assert_string_equal(rb.category, "login");
    assert_string_equal(rc.category, "billing");
    assert_true(ra.confidence == rc.confidence);
    assert_string_equal(ra.terms, rc.terms);
    assert_string_equal(ra.articles ? ra.articles : "", rc.articles ? rc.articles : "");
    assert_string_not_equal(ra.terms, rb.terms);
    /* The rules are the ticket's own: only the big customer is elevated. */
    assert_string_equal(ra.priority, "high");
    assert_string_equal(rc.priority, "normal");
    /* A text that differs by a word is classified on its own. */
    assert_string_equal(rd.category, "billing");
    assert_true(rd.confidence != ra.confidence);

    /* Triaged again alone by a fresh triager: the same answer. */
    struct tt_triager *tr = tt_triager_open(f->st, cfg, &err);
    assert_non_null(tr);
    struct tt_triage_result again;
    assert_int_equal(tt_triage_ticket(f->st, tr, c, true, &again, &err), 1);
    assert_string_equal(again.category, rc.category);
    assert_true(again.confidence == rc.confidence);
    assert_string_equal(again.terms, rc.terms);
    tt_triage_result_clear(&again);
    tt_triager_free(tr);
    tt_triage_result_clear(&ra);
    tt_triage_result_clear(&rb);
    tt_triage_result_clear(&rc);
    tt_triage_result_clear(&rd);
    tt_config_free(cfg);
}

static void test_apply(void **state)
{
    struct fx *f = *state;
    train(f);
    struct tt_config *cfg = config(f, "triage:\n"
                                      "  mode: apply\n"
                                      "  apply_min_confidence: 0.0\n"
                                      "  routing:\n"
                                      "    - {category: billing, group: Billing}\n"
                                      "    - {group: Nowhere}\n");
    int64_t a = add_ticket(f, f->zd, "1", "Invoice", "refund my invoice please, charged twice",
                           f->big, TT_STATUS_NEW);
    int64_t l = add_ticket(f, f->local, "L1", "Cancel", "cancel my account now", 0, TT_STATUS_NEW);
    int64_t g = add_ticket(f, f->zd, "2", "Login", "cannot log in, password reset broken", 0,
                           TT_STATUS_NEW);
    struct tt_err err;
    int64_t done;
    assert_int_equal(tt_triage_pending(f->st, cfg, 0, &done, &err), 0);
    assert_int_equal(done, 3);
    struct tt_ticket t;
    assert_int_equal(tt_store_ticket_get(f->st, a, &t, &err), 1);
    assert_int_equal(t.priority, TT_PRIORITY_HIGH);
    assert_string_equal(t.group, "Billing");
    tt_ticket_clear(&t);
    assert_int_equal(tt_store_ticket_get(f->st, l, &t, &err), 1);
    assert_int_equal(t.priority, TT_PRIORITY_URGENT);
    assert_string_equal(t.tags, "churn-risk");
    tt_ticket_clear(&t);
    /* A group the account does not have is left alone, not an error. */
    assert_int_equal(tt_store_ticket_get(f->st, g, &t, &err), 1);
    assert_null(t.group);
    tt_ticket_clear(&t);

    struct tt_outbox_item *items;
    size_t n;
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &items, &n, &err), 0);
    /* Only the helpdesk ticket: priority high and group g-77. */
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(items[i].ticket_id, a);
        if (strcmp(items[i].kind, "priority") == 0)
            assert_string_equal(items[i].payload, "high");
        else
            assert_string_equal(items[i].payload, "g-77");
    }
    tt_outbox_list_free(items, n);
    struct tt_triage_result r;
    assert_int_equal(tt_store_triage_result_get(f->st, a, &r, &err), 1);
    assert_string_equal(r.state, "applied");
    assert_string_equal(r.group, "Billing");
    tt_triage_result_clear(&r);

    /* Triaged once: running again does nothing; a forced re-triage re-applies
     * nothing because the ticket already carries the outcome. */
    assert_int_equal(tt_triage_pending(f->st, cfg, 0, &done, &err), 0);
    assert_int_equal(done, 0);
    struct tt_triager *tr = tt_triager_open(f->st, cfg, &err);
    assert_non_null(tr);
    assert_int_equal(tt_triage_ticket(f->st, tr, a, true, NULL, &err), 1);
    assert_int_equal(tt_triage_ticket(f->st, tr, 424242, true, NULL, &err), 0);
    tt_triager_free(tr);
    assert_int_equal(tt_store_outbox_list(f->st, 0, true, &items, &n, &err), 0);
    assert_int_equal(n, 2);
    tt_outbox_list_free(items, n);
    tt_config_free(cfg);
}

static void test_no_model(void **state)
{
    struct fx *f = *state;
    int64_t a = add_ticket(f, f->zd, "1", "", "", 0, TT_STATUS_NEW);
    struct tt_config *cfg = config(f, "");
    struct tt_err err;
    int trained;
    int64_t done;
    /* One labelled ticket is too few to train: rules only. */
    assert_int_equal(tt_triage_bootstrap(f->st, cfg, 0, &trained, &done, &err), 0);
    assert_int_equal(trained, 0);
    assert_int_equal(done, 1);
    struct tt_triage_result r;
    assert_int_equal(tt_store_triage_result_get(f->st, a, &r, &err), 1);
    assert_null(r.category);
    assert_int_equal(r.model_version, 0);
    assert_string_equal(r.priority, "normal");
    assert_null(r.draft);
    tt_triage_result_clear(&r);
    assert_int_equal(
        tt_triage_train(f->st, "category", NULL, 0, 0, NULL, false, NULL, NULL, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "no labelled tickets"));
    tt_config_free(cfg);
}

/* A database whose model an earlier ticketty stored ("TTCLF001", no
 * spelling map: tests/data/triage_model_v1.bin) triages with it as before;
 * training again replaces it with a current one. */
static void test_old_model(void **state)
{
    struct fx *f = *state;
    char *path = xasprintf("%s/tests/data/triage_model_v1.bin", tu_repo_root());
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    struct tt_triage_model_row row = {0};
    row.weights = xmalloc(1 << 16);
    row.weights_len = fread(row.weights, 1, 1 << 16, fp);
    fclose(fp);
    free(path);
    row.field = "category";
    row.source = "tickets";
    row.train_size = 12;
    row.labels = 3;
    row.features = 650;
    struct tt_err err;
    int64_t v;
    assert_int_equal(tt_store_triage_model_save(f->st, &row, &v, &err), 0);
    free(row.weights);
    int64_t a = add_ticket(f, f->zd, "1", "Refund", "I want a refund, charged twice", f->small,
                           TT_STATUS_NEW);
    int64_t b =
        add_ticket(f, f->zd, "2", "Account", "cancel my subscription", f->small, TT_STATUS_NEW);
    struct tt_config *cfg = config(f, "");
    int64_t done;
    if (tt_triage_pending(f->st, cfg, 0, &done, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(done, 2);
    const struct {
        int64_t id;
        const char *category;
    } cases[] = {{a, "billing"}, {b, "cancel"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_triage_result r;
        assert_int_equal(tt_store_triage_result_get(f->st, cases[i].id, &r, &err), 1);
        assert_non_null(r.category);
        assert_string_equal(r.category, cases[i].category);
        assert_int_equal(r.model_version, 1);
        assert_true(strlen(r.terms) > 0);
        tt_triage_result_clear(&r);
    }
    /* Retraining stores a current image (version 2 of the field's model). */
    struct tt_clf_example ex[12];
    for (size_t i = 0; i < 6; i++) {
        ex[2 * i] = (struct tt_clf_example){billing[i], "billing"};
        ex[2 * i + 1] = (struct tt_clf_example){login[i], "login"};
    }
    struct tt_clf_metrics mt;
    size_t used;
    if (tt_triage_train(f->st, "category", ex, 12, 0, "test", true, &v, &mt, &used, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(v, 2);
    struct tt_triage_model_row got;
    assert_int_equal(tt_store_triage_model_get(f->st, "category", true, &got, &err), 1);
    assert_memory_equal(got.weights, "TTCLF002", 8);
    struct tt_clf *m = tt_clf_load(got.weights, got.weights_len, &err);
    assert_non_null(m);
    assert_int_equal(tt_clf_format(m), 2);
    tt_clf_free(m);
    tt_triage_model_row_clear(&got);
    tt_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_suggest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apply, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_model, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
