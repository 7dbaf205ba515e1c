/*
 * test_sync_accounts.c: the accounts section: validation naming file:line,
 * editing the file in place, tokens from env and commands, the reply template.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/accounts.h"
#include "ticketty/compose.h"
#include "ticketty/util.h"

static void test_validation_names_file_and_line(void **state)
{
    (void)state;
    const struct {
        const char *yaml, *want;
    } cases[] = {
        {"accounts:\n  acme:\n    provider: zendesk\n    url: https://a.zendesk.com\n"
         "    token_env: T\n    colour: red\n",
         ":6: accounts.acme: unknown setting 'colour'"},
        {"accounts:\n  acme:\n    provider: zendisk\n    url: https://a\n    token_env: T\n",
         ":3: accounts.acme.provider: unknown provider 'zendisk'"},
        {"accounts:\n  acme:\n    provider: zendesk\n    url: https://a\n",
         ":3: accounts.acme: exactly one of 'token_env' or 'token_cmd'"},
        {"accounts:\n  acme:\n    provider: zendesk\n    token_env: T\n",
         ":3: accounts.acme: 'url' is required"},
        {"accounts:\n  acme:\n    provider: zendesk\n    url: ftp://a\n    token_env: T\n",
         ":4: accounts.acme.url: expected an https:// URL"},
        {"accounts:\n  acme:\n    provider: zendesk\n    url: https://a\n    token_env: T\n"
         "    budget: lots\n",
         ":6: accounts.acme.budget: expected a number"},
        {"accounts:\n  - acme\n", "accounts: expected a map"},
        {"accounts:\n  acme:\n    provider: zendesk\n    url: https://a\n    token_env: T\n"
         "    fields:\n      tier: x\n",
         ":7: accounts.acme.fields.tier"},
    };
    char *dir = tu_tmpdir();
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *path = tu_write_file(dir, "c.yaml", cases[i].yaml);
        struct tt_err err;
        struct tt_config *cfg = tt_config_load(path, true, &err);
        if (cfg)
            fail_msg("case %zu loaded", i);
        if (!strstr(err.msg, cases[i].want))
            fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].want);
        assert_non_null(strstr(err.msg, path));
        free(path);
    }
    tu_rmtree(dir);
    free(dir);
}

/* The accounts of the configuration file at path, as ticketty reads them
 * back (the strings are the list's own). */
static size_t load_back(const char *path, struct tt_account_conf **l)
{
    struct tt_err err;
    struct tt_config *cfg = tt_config_load(path, true, &err);
    if (!cfg)
        fail_msg("%s", err.msg);
    size_t n;
    if (tt_accounts_load(cfg, l, &n, &err) < 0)
        fail_msg("%s", err.msg);
    tt_config_free(cfg);
    return n;
}
static void test_add_replace_remove_keep_the_rest(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    const char *orig = "# team config\nui:\n  theme: dark   # mine\n\ndb: /tmp/x.db\n";
    char *path = tu_write_file(dir, "config.yaml", orig);
    struct tt_err err;
    struct tt_account_conf a = {.name = "acme",
                                .provider = "zendesk",
                                .url = "https://acme.zendesk.com",
                                .email = "a@acme.com",
                                .token_env = "ACME_TOKEN",
                                .budget = 100,
                                .field_mrr = "arr"};
    assert_int_equal(tt_accounts_file_add(path, &a, &err), 0);
    struct tt_account_conf b = {.name = "fd",
                                .provider = "freshdesk",
                                .url = "https://x.freshdesk.com",
                                .token_cmd = "pass show \"fd\""};
    assert_int_equal(tt_accounts_file_add(path, &b, &err), 0);
    char *text = tt_read_file(path, NULL, &err);
    assert_true(tt_has_prefix(text, orig));
    free(text);
    /* the sections above are kept, the accounts load back */
    struct tt_account_conf *l;
    size_t n = load_back(path, &l);
    assert_int_equal(n, 2);
    assert_string_equal(l[0].name, "acme");
    assert_string_equal(l[0].field_mrr, "arr");
    assert_int_equal(l[0].budget, 100);
    assert_string_equal(l[1].token_cmd, "pass show \"fd\"");
    tt_accounts_free(l, n);
    /* replace in place */
    a.url = "https://acme2.zendesk.com";
    assert_int_equal(tt_accounts_file_add(path, &a, &err), 0);
    n = load_back(path, &l);
    assert_int_equal(n, 2);
    assert_string_equal(l[0].url, "https://acme2.zendesk.com");
    tt_accounts_free(l, n);
    /* remove */
    assert_int_equal(tt_accounts_file_remove(path, "acme", &err), 1);
    assert_int_equal(tt_accounts_file_remove(path, "acme", &err), 0);
    assert_int_equal(tt_accounts_file_remove(path, "fd", &err), 1);
    text = tt_read_file(path, NULL, &err);
    assert_true(tt_has_prefix(text, orig));
    assert_null(strstr(text, "acme"));
    free(text);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* Values are written as YAML that reads back byte for byte: a line break or a
 * tab in a --token-cmd is escaped, not folded into a space (or a YAML error). */
static void test_written_values_round_trip(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *path = tu_write_file(dir, "config.yaml", "ui:\n  theme: dark\n");
    struct tt_err err;
    struct tt_account_conf a = {.name = "acme",
                                .provider = "zendesk",
                                .url = "https://acme.zendesk.com",
                                .token_cmd = "pass show a\npass\tshow \"b\" \\ \x01\x7f"};
    assert_int_equal(tt_accounts_file_add(path, &a, &err), 0);
    struct tt_account_conf *l;
    size_t n = load_back(path, &l);
    assert_int_equal(n, 1);
    assert_string_equal(l[0].token_cmd, a.token_cmd);
    tt_accounts_free(l, n);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_tokens(void **state)
{
    (void)state;
    struct tt_account_conf a = {.name = "acme", .token_env = "TT_TEST_TOKEN_X"};
    char *tok;
    struct tt_err err;
    unsetenv("TT_TEST_TOKEN_X");
    assert_int_equal(tt_account_token(&a, &tok, &err), -1);
    assert_non_null(strstr(err.msg, "TT_TEST_TOKEN_X"));
    setenv("TT_TEST_TOKEN_X", "abc", 1);
    assert_int_equal(tt_account_token(&a, &tok, &err), 0);
    assert_string_equal(tok, "abc");
    free(tok);
    struct tt_account_conf b = {.name = "b", .token_cmd = "printf 'from-cmd\\nsecond\\n'"};
    assert_int_equal(tt_account_token(&b, &tok, &err), 0);
    assert_string_equal(tok, "from-cmd");
    free(tok);
    struct tt_account_conf c = {.name = "c", .token_cmd = "exit 3"};
    assert_int_equal(tt_account_token(&c, &tok, &err), -1);
    assert_non_null(strstr(err.msg, "token_cmd failed"));
}

static void test_compose_template_and_parse(void **state)
{
    (void)state;
    struct tt_ticket t = {
        .id = 7, .external_id = "123", .subject = "Printer \x1b[31mon fire", .requester = "Ann"};
    struct tt_event ev[3] = {
        {.type = TT_EV_COMMENT,
         .author_role = TT_AUTHOR_END_USER,
         .public = true,
         .at = 100,
         .body = "first",
         .author = "Ann"},
        {.type = TT_EV_COMMENT,
         .author_role = TT_AUTHOR_END_USER,
         .public = true,
         .at = 300,
         .body = "It is still\nburning",
         .author = "Ann"},
        {.type = TT_EV_COMMENT,
         .author_role = TT_AUTHOR_AGENT,
         .public = true,
         .at = 400,
         .body = "agent text",
         .author = "Bob"},
    };
    char *tpl = tt_compose_template("reply", &t, ev, 3);
    assert_non_null(strstr(tpl, "# > It is still\n# > burning\n"));
    assert_null(strstr(tpl, "first"));
    assert_null(strstr(tpl, "\x1b"));
    assert_non_null(strstr(tpl, "Public REPLY to ticket 7"));
    assert_null(tt_compose_parse(tpl)); /* unchanged template = cancelled */
    char *edited = xasprintf("Hello Ann,\n\nplease unplug it.\n%s", tpl);
    char *body = tt_compose_parse(edited);
    assert_string_equal(body, "Hello Ann,\n\nplease unplug it.");
    free(body);
    free(edited);
    free(tpl);
    tpl = tt_compose_template("note", &t, NULL, 0);
    assert_non_null(strstr(tpl, "Internal NOTE"));
    free(tpl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation_names_file_and_line),
        cmocka_unit_test(test_add_replace_remove_keep_the_rest),
        cmocka_unit_test(test_written_values_round_trip),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_compose_template_and_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
