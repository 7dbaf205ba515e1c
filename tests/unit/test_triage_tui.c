/*
 * test_triage_tui.c: the console's triage panel and keys, headless: the panel
 * on the ticket screen (with a trained model: category, confidence, words),
 * A accepts, O opens the override chooser and Enter records the choice.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tui_fixture.h"
#include "tui_seed.h"
#include "ticketty/classifier.h"
#include "ticketty/store_triage.h"
#include "ticketty/triage.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

#define NOW_ISO "2026-05-04T12:00:00Z"

static int setup(void **state)
{
    struct tu_tui *f = xcalloc(1, sizeof *f);
    tu_tui_open(f, NOW_ISO);
    struct tt_err err;
    if (tu_tui_seed(f->st, 12, f->now, 1, &err) < 0)
        fail_msg("%s", err.msg);
    /* A category model from a few labelled texts. */
    static const char *const texts[][2] = {
        {"cannot log in with SSO", "login"},       {"SAML error on login", "login"},
        {"password reset does not work", "login"}, {"locked out of the account", "login"},
        {"charged twice this month", "billing"},   {"refund the invoice", "billing"},
        {"wrong VAT on the invoice", "billing"},   {"payment failed", "billing"},
    };
    struct tt_clf_example ex[8];
    for (size_t i = 0; i < 8; i++) {
        ex[i].text = texts[i][0];
        ex[i].label = texts[i][1];
    }
    if (tt_triage_train(f->st, "category", ex, 8, 0, "test", false, NULL, NULL, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    tu_tui_start(f, 40, 120);
    *state = f;
    return 0;
}

static void test_panel_accept_override(void **state)
{
    struct tu_tui *f = *state;
    struct tt_err err;
    tt_app_keys(f->app, ":1\n");
    char *s = tu_tui_render(f);
    if (!strstr(s, "Triage") || !strstr(s, "category") || !strstr(s, "A accept"))
        fail_msg("no triage panel:\n%s", s);
    free(s);
    struct tt_triage_result r;
    assert_int_equal(tt_store_triage_result_get(f->st, 1, &r, &err), 1); /* triaged on view */
    assert_non_null(r.category);
    assert_string_equal(r.state, "suggested");
    tt_triage_result_clear(&r);

    tt_app_keys(f->app, "A");
    s = tu_tui_render(f);
    if (!strstr(s, "triage accepted"))
        fail_msg("no message:\n%s", s);
    free(s);
    assert_int_equal(tt_store_triage_result_get(f->st, 1, &r, &err), 1);
    assert_string_equal(r.state, "accepted");
    tt_triage_result_clear(&r);

    tt_app_keys(f->app, "O");
    s = tu_tui_render(f);
    if (!strstr(s, "Override the triage of ticket 1") || !strstr(s, "priority  urgent"))
        fail_msg("no chooser:\n%s", s);
    free(s);
    /* The cursor starts on the suggested category; the priorities follow the
     * two categories, urgent first. */
    tt_app_keys(f->app, "kkjjj");
    tt_app_key(f->app, TT_KEY_ENTER);
    s = tu_tui_render(f);
    if (!strstr(s, "recorded: priority high"))
        fail_msg("no confirmation:\n%s", s);
    free(s);
    assert_int_equal(tt_store_triage_result_get(f->st, 1, &r, &err), 1);
    assert_string_equal(r.state, "overridden");
    tt_triage_result_clear(&r);
    struct tt_triage_texts tx;
    assert_int_equal(tt_store_triage_training_texts(f->st, "priority", 0, &tx, &err), 0);
    assert_true(tx.n > 0);
    tt_triage_texts_free(&tx);
    tt_app_keys(f->app, "q");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "Triage"));
    free(s);
    /* A chooser for a ticket that does not exist is refused with a message. */
    tt_app_keys(f->app, ":triage 999\n");
    s = tu_tui_render(f);
    assert_non_null(strstr(s, "has not been triaged"));
    free(s);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_panel_accept_override, setup, tu_tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
