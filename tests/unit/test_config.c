/*
 * test_config.c: config.yaml loading: values, defaults, and errors that name
 * file, line and key.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/config.h"
#include "ticketty/util.h"

static char *dir;

static int setup(void **state)
{
    dir = tu_tmpdir();
    return 0;
}

static int teardown(void **state)
{
    tu_rmtree(dir);
    free(dir);
    return 0;
}

static struct tt_config *load_text(const char *text, struct tt_err *err)
{
    char *path = tu_write_file(dir, "config.yaml", text);
    struct tt_config *cfg = tt_config_load(path, true, err);
    free(path);
    return cfg;
}

static void test_defaults_and_values(void **state)
{
    struct tt_err err;
    struct tt_config *cfg = load_text("ui:\n  theme: monochrome\n# comment\n", &err);
    if (!cfg)
        fail_msg("%s", err.msg);
    assert_string_equal(tt_config_str(cfg, "ui.theme"), "monochrome");
    assert_int_equal(tt_config_int(cfg, "ui.tick_seconds"), 1); /* default */
    char buf[256];
    tt_config_origin(cfg, "ui.theme", buf, sizeof buf);
    assert_non_null(strstr(buf, "config.yaml:2"));
    tt_config_origin(cfg, "ui.tick_seconds", buf, sizeof buf);
    assert_string_equal(buf, "default");
    tt_config_free(cfg);
}

static void test_empty_and_missing(void **state)
{
    struct tt_err err;
    struct tt_config *cfg = load_text("", &err);
    assert_non_null(cfg);
    assert_string_equal(tt_config_str(cfg, "ui.theme"), "default");
    tt_config_free(cfg);
    char *missing = xasprintf("%s/nope.yaml", dir);
    cfg = tt_config_load(missing, false, &err); /* default path absent: fine */
    assert_non_null(cfg);
    tt_config_free(cfg);
    cfg = tt_config_load(missing, true, &err); /* explicit path absent: error */
    assert_null(cfg);
    assert_non_null(strstr(err.msg, "nope.yaml"));
    free(missing);
}

static void test_errors_name_file_line_key(void **state)
{
    static const struct {
        const char *text;
        const char *want[3]; /* substrings the message must contain */
    } cases[] = {
        {"ui:\n  them: dark\n", {"config.yaml:2", "unknown key", "ui.them"}},
        {"bogus: 1\n", {"config.yaml:1", "unknown key", "bogus"}},
        {"ui:\n  tick_seconds: fast\n", {"config.yaml:2", "ui.tick_seconds", "not an integer"}},
        {"ui:\n  tick_seconds: 0\n", {"config.yaml:2", "ui.tick_seconds", "out of range"}},
        {"ui:\n  theme: [a, b]\n", {"config.yaml:2", "ui.theme", "single value"}},
        {"ui:\n  theme: a\n  theme: b\n", {"config.yaml:3", "duplicate key", "theme"}},
        {"ui: {theme: \"unterminated\n", {"config.yaml", "YAML syntax error", ""}},
        /* libyaml's reader errors carry an offset, not a line */
        {"ui:\n  theme: a\n\nkb:\n  remote: \"o\001x\"\n",
         {"config.yaml:5", "YAML syntax error", "control characters"}},
        {"ui:\n  theme: a\nkb:\n  remote: o\377x\n",
         {"config.yaml:4", "YAML syntax error", "UTF-8"}},
        {"- just\n- a list\n", {"config.yaml:1", "mapping", ""}},
        {"ui: [1, 2]\n", {"config.yaml:1", "ui: expected a mapping", ""}},
        {"ui: dark\n", {"config.yaml:1", "ui: expected a mapping", ""}},
        {"kb:\n  review: 3\n", {"config.yaml:2", "kb.review: expected a mapping", ""}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_err err = {{0}};
        struct tt_config *cfg = load_text(cases[i].text, &err);
        if (cfg)
            fail_msg("case %zu: loaded but should fail", i);
        for (int k = 0; k < 3; k++)
            if (!strstr(err.msg, cases[i].want[k]))
                fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, cases[i].want[k]);
    }
}

/* A group key with nothing under it (its keys commented out) sets nothing. */
static void test_empty_group_is_fine(void **state)
{
    static const char *const texts[] = {"ui:\n", "ui: ~\n", "ui: null\n", "kb:\n  review:\n",
                                        "ui:\n#  theme: mono\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct tt_err err = {{0}};
        struct tt_config *cfg = load_text(texts[i], &err);
        if (!cfg)
            fail_msg("\"%s\": %s", texts[i], err.msg);
        assert_string_equal(tt_config_str(cfg, "ui.theme"), "default");
        tt_config_free(cfg);
    }
}

/* config show: numbers bare, strings double-quoted with quotes, backslashes
 * and control characters escaped (valid YAML, nothing raw on the terminal). */
static void test_dump_quotes_and_types(void **state)
{
    struct tt_err err;
    struct tt_config *cfg = load_text("ui:\n  theme: \"a\\\"b\\\\c\\x1b[31m\"\n  tick_seconds: 2\n"
                                      "health:\n  core_features: [\"x\\\"y\"]\n",
                                      &err);
    if (!cfg)
        fail_msg("%s", err.msg);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    tt_config_dump(cfg, out);
    fclose(out);
    if (!strstr(text, "ui.theme: \"a\\\"b\\\\c\\x1b[31m\"  # "))
        fail_msg("theme not escaped:\n%s", text);
    assert_non_null(strstr(text, "ui.tick_seconds: 2  # "));
    assert_non_null(strstr(text, "    - \"x\\\"y\"\n"));
    assert_null(strchr(text, '\x1b'));
    free(text);
    tt_config_free(cfg);
}

static void test_every_option_has_help_and_valid_default(void **state)
{
    for (size_t i = 0; i < tt_options_count; i++) {
        const struct tt_option *o = &tt_options[i];
        assert_non_null(o->help);
        assert_true(strlen(o->help) > 5);
        for (size_t j = 0; j < i; j++)
            if (strcmp(tt_options[j].name, o->name) == 0)
                fail_msg("option %s listed twice", o->name);
    }
    /* Defaults must pass their own validation: load an empty config and read them. */
    struct tt_err err;
    struct tt_config *cfg = load_text("{}\n", &err);
    assert_non_null(cfg);
    for (size_t i = 0; i < tt_options_count; i++)
        if (tt_options[i].type != TT_OPT_SECTION)
            (void)tt_config_str(cfg, tt_options[i].name);
    tt_config_free(cfg);
}

static void test_tree_parse(void **state)
{
    struct tt_err err;
    const char *y = "a:\n  - x: 1\n    y: [2, 3]\n  - z\nb: hello\n";
    struct tt_conf_node *n = tt_conf_parse(y, strlen(y), "t.yaml", &err);
    assert_non_null(n);
    const struct tt_conf_node *a = tt_conf_get(n, "a");
    assert_non_null(a);
    assert_int_equal(a->kind, TT_CONF_SEQ);
    assert_int_equal(a->n_items, 2);
    assert_int_equal(a->items[0].kind, TT_CONF_MAP);
    assert_int_equal(tt_conf_get(&a->items[0], "y")->n_items, 2);
    assert_int_equal(tt_conf_get(&a->items[0], "y")->line, 3);
    assert_string_equal(a->items[1].value, "z");
    assert_string_equal(tt_conf_get(n, "b")->value, "hello");
    assert_null(tt_conf_get(n, "c"));
    tt_conf_node_free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_values),
        cmocka_unit_test(test_empty_and_missing),
        cmocka_unit_test(test_errors_name_file_line_key),
        cmocka_unit_test(test_empty_group_is_fine),
        cmocka_unit_test(test_dump_quotes_and_types),
        cmocka_unit_test(test_every_option_has_help_and_valid_default),
        cmocka_unit_test(test_tree_parse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
