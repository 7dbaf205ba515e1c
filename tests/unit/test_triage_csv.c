/*
 * test_triage_csv.c: CSV tables and the writer (over the core reader), table-driven: quoting,
 * embedded separators and line breaks, CRLF, BOM, and errors with line numbers.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/classifier.h"
#include "ticketty/csv.h"
#include "ticketty/util.h"

static void test_parse_table(void **state)
{
    static const struct {
        const char *in;
        size_t rows;
        const char *last_field; /* last field of the last row */
        int last_line;          /* line of the last row */
    } cases[] = {
        {"text,label\nhello,a\n", 1, "a", 2},
        {"text,label\r\nhello,a\r\nbye,b\r\n", 2, "b", 3},
        {"text,label\n\"a, b\",x\n", 1, "x", 2},
        {"text,label\n\"he said \"\"hi\"\"\",y\n", 1, "y", 2},
        {"text,label\n\"two\nlines\",z\nnext,w\n", 2, "w", 4},
        {"text,label\n\"crlf\r\ninside\",z\r\n", 1, "z", 2},
        {"\xef\xbb\xbftext,label\nbom,b\n", 1, "b", 2},
        {"text,label\nno newline at end,e", 1, "e", 2},
        {"text,label\n\nblank lines,skipped\n\n", 1, "skipped", 3},
        {"text,label\n,empty text\n", 1, "empty text", 2},
        {"text,label\n\"\",q\n", 1, "q", 2},
        {"text,label\n中文工单,退款\n", 1, "退款", 2},
        {"text,label\n", 0, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_csv_table t;
        struct tt_err err;
        if (tt_csv_table_parse(cases[i].in, strlen(cases[i].in), "t.csv", &t, &err) < 0)
            fail_msg("case %zu: %s", i, err.msg);
        assert_int_equal(t.header.n, 2);
        if (t.n_rows != cases[i].rows)
            fail_msg("case %zu: %zu rows, want %zu", i, t.n_rows, cases[i].rows);
        if (cases[i].rows) {
            const struct tt_csv_record *r = &t.rows[t.n_rows - 1];
            if (strcmp(r->fields[1], cases[i].last_field) != 0 || r->line != cases[i].last_line)
                fail_msg("case %zu: got '%s' at line %d", i, r->fields[1], r->line);
        }
        tt_csv_table_clear(&t);
    }
}

static void test_parse_fields(void **state)
{
    const char *doc = "text,label\n\"a, \"\"quoted\"\"\nline\",x\n";
    struct tt_csv_table t;
    struct tt_err err;
    assert_int_equal(tt_csv_table_parse(doc, strlen(doc), "t.csv", &t, &err), 0);
    assert_string_equal(t.rows[0].fields[0], "a, \"quoted\"\nline");
    assert_int_equal(tt_csv_column(&t.header, "LABEL"), 1);
    assert_int_equal(tt_csv_column(&t.header, "category"), -1);
    tt_csv_table_clear(&t);
}

static void test_parse_errors(void **state)
{
    static const struct {
        const char *in;
        const char *want; /* substring of the message */
    } cases[] = {
        {"", "empty file"},
        {"text,label\nok,a\n\"never closed,b\n", "t.csv:3: unterminated quoted field"},
        {"text,label\nok,a\n\"closed\"junk,b\n", "t.csv:3: text after a closing quote"},
        {"text,label\nbad \"quote\",b\n", "t.csv:2: quote inside an unquoted field"},
        {"text,label\nok,a\n\"multi\nline\",b\nthree,fields,here\n", "t.csv:5: expected 2"},
        {"text,label\nonly one field\n", "t.csv:2: expected 2 fields"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tt_csv_table t;
        struct tt_err err = {{0}};
        if (tt_csv_table_parse(cases[i].in, strlen(cases[i].in), "t.csv", &t, &err) == 0)
            fail_msg("case %zu: parsed", i);
        if (!strstr(err.msg, cases[i].want))
            fail_msg("case %zu: message '%s' lacks '%s'", i, err.msg, cases[i].want);
    }
}

static void test_examples(void **state)
{
    struct tt_csv_table t;
    struct tt_err err;
    const char *good = "id,text,category\n1,hello,greet\n2,\"bye, now\",leave\n";
    assert_int_equal(tt_csv_table_parse(good, strlen(good), "g.csv", &t, &err), 0);
    struct tt_clf_example *ex;
    size_t n;
    assert_int_equal(tt_clf_examples_from_csv(&t, "g.csv", NULL, &ex, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(ex[1].text, "bye, now");
    assert_string_equal(ex[1].label, "leave");
    free(ex);
    tt_csv_table_clear(&t);

    const char *nolabel = "text,label\nfine,a\n\"two\nlines\",\n";
    assert_int_equal(tt_csv_table_parse(nolabel, strlen(nolabel), "e.csv", &t, &err), 0);
    assert_int_equal(tt_clf_examples_from_csv(&t, "e.csv", NULL, &ex, &n, &err), -1);
    assert_non_null(strstr(err.msg, "e.csv:3: empty label"));
    tt_csv_table_clear(&t);

    const char *nocol = "body,label\nx,y\n";
    assert_int_equal(tt_csv_table_parse(nocol, strlen(nocol), "c.csv", &t, &err), 0);
    assert_int_equal(tt_clf_examples_from_csv(&t, "c.csv", NULL, &ex, &n, &err), -1);
    assert_non_null(strstr(err.msg, "c.csv:1:"));
    tt_csv_table_clear(&t);
}

static void test_write_roundtrip(void **state)
{
    static const char *const rows[][2] = {
        {"plain", "a"},       {"comma, inside", "b"}, {"quote \" inside", "c"},
        {"line\nbreak", "d"}, {"crlf\r\nx", "e"},     {"", "f"},
        {"中文, 逗号", "g"},
    };
    struct tt_buf b = {0};
    static const char *const head[] = {"text", "label"};
    tt_csv_put_row(&b, head, 2);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        tt_csv_put_row(&b, rows[i], 2);
    struct tt_csv_table t;
    struct tt_err err;
    assert_int_equal(tt_csv_table_parse(b.data, b.len, "w.csv", &t, &err), 0);
    assert_int_equal(t.n_rows, sizeof rows / sizeof rows[0]);
    for (size_t i = 0; i < t.n_rows; i++) {
        assert_string_equal(t.rows[i].fields[0], rows[i][0]);
        assert_string_equal(t.rows[i].fields[1], rows[i][1]);
    }
    tt_csv_table_clear(&t);
    tt_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),     cmocka_unit_test(test_parse_fields),
        cmocka_unit_test(test_parse_errors),    cmocka_unit_test(test_examples),
        cmocka_unit_test(test_write_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
