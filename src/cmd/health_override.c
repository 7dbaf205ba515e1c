/*
 * health_override.c: `ticketty health override CUSTOMER`: a CSM's manual score
 * with a reason and an expiry, or --clear to remove it.  Scoring runs keep
 * computing and storing the real score beside it; the override is what lists,
 * alerts and the console use until it expires.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "health_util.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_health_override;

static int health_override_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"score", required_argument, NULL, 's'},
        {"reason", required_argument, NULL, 'r'},
        {"until", required_argument, NULL, 'u'},
        {"by", required_argument, NULL, 'b'},
        {"clear", no_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    long long score = -1;
    const char *reason = NULL, *until_s = NULL, *by = NULL;
    int clear = 0, json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (tt_parse_count(optarg, &score) < 0 || score > 100)
                return tt_cmd_usage(&tt_cmd_health_override,
                                    "--score needs a whole number 0..100, not '%s'", optarg);
            break;
        case 'r':
            reason = optarg;
            break;
        case 'u':
            until_s = optarg;
            break;
        case 'b':
            by = optarg;
            break;
        case 'c':
            clear = 1;
            break;
        case 'j':
            json = 1;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_health_override, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return tt_cmd_usage(&tt_cmd_health_override, "expected one CUSTOMER (id or name)");
    if (clear && (score >= 0 || reason || until_s))
        return tt_cmd_usage(&tt_cmd_health_override,
                            "--clear takes no --score, --reason or --until");
    if (!clear && (score < 0 || !reason || !reason[strspn(reason, " \t\r\n")] || !until_s))
        return tt_cmd_usage(&tt_cmd_health_override,
                            "an override needs --score N, --reason TEXT and --until DATE");
    int64_t now = tt_now(), until = 0;
    struct tt_err err;
    if (!clear) {
        if (tt_time_parse(until_s, &until, &err) < 0)
            return tt_cmd_usage(&tt_cmd_health_override, "--until: %s", err.msg);
        if (until <= now)
            return tt_cmd_usage(&tt_cmd_health_override, "--until %s is not in the future",
                                until_s);
    }
    struct tt_store *st = tt_ctx_store(ctx, &err);
    struct tt_customer cust;
    int found = st ? tt_store_health_find_customer(st, argv[optind], &cust, &err) : -1;
    if (found < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (!found) {
        char *ref = tt_sanitize(argv[optind], 0);
        fprintf(stderr, "ticketty: no customer \"%s\"\n", ref);
        free(ref);
        return TT_EXIT_FAIL;
    }
    int rc;
    json_t *o = json_object();
    json_object_set_new(o, "customer_id", tt_json_str(cust.key));
    char *key = tt_sanitize(cust.key, 0); /* ids come from imports: untrusted */
    if (clear) {
        rc = tt_store_health_override_clear(st, cust.id, &err);
        if (rc >= 0) {
            json_object_set_new(o, "cleared", json_boolean(rc == 1));
            if (!json)
                printf(rc ? "override of %s cleared\n" : "%s had no override\n", key);
        }
    } else {
        if (!by)
            by = getenv("TICKETTY_USER");
        if (!by)
            by = getenv("USER");
        struct tt_health_override ov = {.score = (int)score,
                                        .reason = (char *)reason,
                                        .by = (char *)by,
                                        .until = until,
                                        .set_at = now};
        rc = tt_store_health_override_set(st, cust.id, &ov, &err);
        if (rc >= 0) {
            json_object_set_new(o, "score", json_integer(score));
            json_object_set_new(o, "reason", tt_json_str(reason));
            json_object_set_new(o, "by", tt_json_str(by));
            json_object_set_new(o, "until", tt_json_time(until));
            if (!json) {
                char when[21];
                printf("%s: score %lld until %s (override)\n", key, score,
                       tt_time_iso(until, when));
            }
        }
    }
    free(key);
    tt_customer_clear(&cust);
    if (rc < 0) {
        json_decref(o);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    if (json)
        tt_health_json_print(o);
    else
        json_decref(o);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_health_override = {
    .name = "health override",
    .usage = "CUSTOMER --score N --reason TEXT --until DATE [--by NAME] [--json] | CUSTOMER "
             "--clear [--json]",
    .summary = "set or clear a CSM's manual health score",
    .help = "Sets the customer's score to N (0..100) until DATE (YYYY-MM-DD or ISO 8601,\n"
            "exclusive; must be in the future), with a reason.  The status follows from N\n"
            "with the configured thresholds.  Lists, alerts and the console use it, marked\n"
            "as an override; `health update` keeps storing the computed score beside it\n"
            "and never replaces it.  It lapses by itself at DATE.\n"
            "--by NAME  who set it (default $TICKETTY_USER, else $USER)\n"
            "--clear    remove the override now\n"
            "--json     {customer_id, score, reason, by, until} or {customer_id, cleared}",
    .exec = health_override_exec,
};
