/*
 * test_csv.c: the RFC 4180 reader, table-driven.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/csv.h"
#include "ticketty/util.h"

/* Records are written as fields joined by '|', records separated by '/';
 * an error record is "!LINE". */
struct csv_case {
    const char *in;
    const char *want;
};

static const struct csv_case cases[] = {
    {"a,b,c\n1,2,3\n", "a|b|c/1|2|3"},
    {"a,b\r\n1,2\r\n", "a|b/1|2"},
    {"a,b\n1,2", "a|b/1|2"},     /* no final line break */
    {"a,b\r\n1,2\r", "a|b/1|2"}, /* stray final CR */
    /* bare CR line ends (Excel for Mac "CSV (Macintosh)") */
    {"id,name\rc7,Seven\rc8,Eight\r", "id|name/c7|Seven/c8|Eight"},
    {"a,b\r\r\n\r1,\"x\"\r2,\"y\"", "a|b/1|x/2|y"},
    {"\"q\rq\",1\r\"open\r", "q\rq|1/!3"}, /* CR kept inside quotes, counted as a line */
    {"a\"b\rc,d\r", "!1/c|d"},             /* recovery stops at a bare CR */
    {"\xEF\xBB\xBF"
     "id,name\n7,x\n",
     "id|name/7|x"},                                 /* BOM skipped */
    {"a,,c\n", "a||c"},                              /* empty field */
    {"a,b,\n", "a|b|"},                              /* trailing empty field */
    {"a,b,", "a|b|"},                                /* same at end of input */
    {"\"x,y\",z\n", "x,y|z"},                        /* comma inside quotes */
    {"\"say \"\"hi\"\"\",2\n", "say \"hi\"|2"},      /* doubled quote */
    {"\"two\nlines\",2\n3,4\n", "two\nlines|2/3|4"}, /* line break inside quotes */
    {"\"\"\n", ""},                                  /* one empty quoted field */
    {"a\n\n\nb\n", "a/b"},                           /* blank lines skipped */
    {"\"open\n", "!1"},                              /* unterminated quote */
    {"\"a\"b,c\nd,e\n", "!1/d|e"},                   /* text after quote, recover */
    {"a\"b,c\nd\n", "!1/d"},                         /* quote in unquoted field */
    {"x\n\"q\nq\"x\ny\n", "x/!3/y"},                 /* error line after multiline */
    {"", ""},
};

/* Records of in[0..len) in the notation above. */
static char *read_all(const char *in, size_t len)
{
    struct tt_csv r;
    tt_csv_init(&r, in, len, "t.csv");
    struct tt_csv_record rec = {0};
    struct tt_buf out = {0};
    struct tt_err err;
    int rc, first = 1;
    while ((rc = tt_csv_next(&r, &rec, &err)) != 0) {
        if (!first)
            tt_buf_putc(&out, '/');
        first = 0;
        if (rc < 0) {
            int line = 0;
            sscanf(err.msg, "t.csv:%d:", &line);
            tt_buf_printf(&out, "!%d", line);
            continue;
        }
        for (size_t j = 0; j < rec.n; j++) {
            if (j)
                tt_buf_putc(&out, '|');
            tt_buf_puts(&out, rec.fields[j]);
        }
    }
    tt_csv_record_clear(&rec);
    return tt_buf_steal(&out);
}

/* A NUL byte would silently cut a field short (C strings): it is an error
 * naming the line, and a UTF-16 file (Excel's "Unicode text") fails at once. */
static void test_nul_bytes(void **state)
{
    (void)state;
    static const char a[] = "a,b\nx\0y,2\nc,d\n", b[] = "a,\"q\0\"\nc\n",
                      c[] = "\xFF\xFEi\0d\0\n\0";
    const struct {
        const char *in;
        size_t len;
        const char *want;
    } nul[] = {
        {a, sizeof a - 1, "a|b/!2/c|d"}, {b, sizeof b - 1, "!1/c"}, {c, sizeof c - 1, "!1/!2"}};
    for (size_t i = 0; i < TT_ARRAY_LEN(nul); i++) {
        char *got = read_all(nul[i].in, nul[i].len);
        if (strcmp(got, nul[i].want) != 0)
            fail_msg("NUL case %zu: got \"%s\", want \"%s\"", i, got, nul[i].want);
        free(got);
    }
}

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        char *got = read_all(cases[i].in, strlen(cases[i].in));
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
        free(got);
    }
}

static void test_record_lines_and_columns(void **state)
{
    (void)state;
    const char *in = " ID , Name\n\"a\nb\",2\n3,4\n";
    struct tt_csv r;
    tt_csv_init(&r, in, strlen(in), "f");
    struct tt_csv_record h = {0}, rec = {0};
    struct tt_err err;
    assert_int_equal(tt_csv_next(&r, &h, &err), 1);
    assert_int_equal(tt_csv_column(&h, "id"), 0);
    assert_int_equal(tt_csv_column(&h, "name"), 1);
    assert_int_equal(tt_csv_column(&h, "mrr"), -1);
    assert_int_equal(tt_csv_next(&r, &rec, &err), 1);
    assert_int_equal(rec.line, 2);
    assert_int_equal(tt_csv_next(&r, &rec, &err), 1);
    assert_int_equal(rec.line, 4);
    assert_string_equal(rec.fields[1], "4");
    assert_int_equal(tt_csv_next(&r, &rec, &err), 0);
    tt_csv_record_clear(&h);
    tt_csv_record_clear(&rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_record_lines_and_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
