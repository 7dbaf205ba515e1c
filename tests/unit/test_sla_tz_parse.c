/*
 * test_sla_tz_parse.c: the core time-zone parser takes TZif bytes from its
 * caller (no file I/O in src/core); tt_tz_load (src/config/tz_load.c) reads
 * the file and gives the same zone.  Malformed and truncated bytes are refused.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ticketty/sla.h"
#include "ticketty/util.h"

static int64_t at(const char *iso)
{
    int64_t t = 0;
    assert_int_equal(tt_time_parse(iso, &t, NULL), 0);
    return t;
}

static char *zone_bytes(const char *name, size_t *len)
{
    const char *dir = getenv("TZDIR");
    char *path = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    struct tt_err err;
    char *b = tt_read_file(path, len, &err);
    free(path);
    if (!b)
        fail_msg("%s", err.msg);
    return b;
}

static void test_parse_from_bytes(void **state)
{
    (void)state;
    static const struct {
        const char *zone, *at;
        int32_t offset;
    } cases[] = {
        {"Europe/Berlin", "2026-01-15T12:00:00Z", 3600},
        {"Europe/Berlin", "2026-07-15T12:00:00Z", 7200},
        {"America/New_York", "2026-07-15T12:00:00Z", -4 * 3600},
        {"Australia/Sydney", "2026-01-15T00:00:00Z", 39600},
        {"UTC", "2026-07-15T00:00:00Z", 0},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        size_t len;
        char *b = zone_bytes(cases[i].zone, &len);
        struct tt_err err;
        struct tt_tz *parsed = tt_tz_parse(cases[i].zone, b, len, &err);
        free(b);
        if (!parsed)
            fail_msg("%s: %s", cases[i].zone, err.msg);
        struct tt_tz *loaded = tt_tz_load(cases[i].zone, &err);
        assert_non_null(loaded);
        int64_t t = at(cases[i].at);
        if (tt_tz_offset(parsed, t) != cases[i].offset)
            fail_msg("case %zu: %s got %d want %d", i, cases[i].zone, tt_tz_offset(parsed, t),
                     cases[i].offset);
        assert_int_equal(tt_tz_offset(loaded, t), tt_tz_offset(parsed, t));
        tt_tz_free(parsed);
        tt_tz_free(loaded);
    }
}

static void test_parse_refuses_bad_bytes(void **state)
{
    (void)state;
    size_t len;
    char *b = zone_bytes("Europe/Berlin", &len);
    struct tt_err err;
    /* truncated at several points, garbage, empty, NULL */
    size_t cuts[] = {0, 4, 20, 44, len / 2};
    for (size_t i = 0; i < TT_ARRAY_LEN(cuts); i++) {
        struct tt_tz *tz = tt_tz_parse("Europe/Berlin", b, cuts[i], &err);
        if (tz)
            fail_msg("accepted %zu of %zu bytes", cuts[i], len);
        assert_non_null(strstr(err.msg, "Europe/Berlin"));
    }
    free(b);
    static const char garbage[] = "not a TZif file at all, just text........................";
    assert_null(tt_tz_parse("X", garbage, sizeof garbage, &err));
    assert_non_null(strstr(err.msg, "not a TZif file"));
    assert_null(tt_tz_parse("X", NULL, 0, &err));
}

static void test_zone_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool ok;
    } cases[] = {
        {"Europe/Berlin", true},
        {"UTC", true},
        {"Etc/GMT+5", true},
        {"America/Port-au-Prince", true},
        {"", false},
        {"/etc/passwd", false},
        {"../../etc/passwd", false},
        {"Europe//Berlin", false},
        {"Europe/Ber lin", false},
        {NULL, false},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++)
        if (tt_tz_name_valid(cases[i].name) != cases[i].ok)
            fail_msg("%s: want %s", cases[i].name ? cases[i].name : "(null)",
                     cases[i].ok ? "valid" : "invalid");
    struct tt_err err;
    assert_null(tt_tz_load("../../etc/passwd", &err));
    assert_non_null(strstr(err.msg, "not a time zone name"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_from_bytes),
        cmocka_unit_test(test_parse_refuses_bad_bytes),
        cmocka_unit_test(test_zone_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
