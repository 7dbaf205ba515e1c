/*
 * triage_train.c: `ticketty triage train`: train the category (or priority)
 * classifier from the team's labelled tickets, or from a CSV file, measure it
 * on a held-out part and store it, replacing the previous model atomically.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "triage_csv.h"
#include "ticketty/classifier.h"
#include "ticketty/cmd.h"
#include "ticketty/store_triage.h"
#include "ticketty/triage.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_triage_train;

static int triage_train_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"field", required_argument, NULL, 'f'}, {"from", required_argument, NULL, 'F'},
        {"json", no_argument, NULL, 'j'},        {"no-eval", no_argument, NULL, 'n'},
        {"limit", required_argument, NULL, 'l'}, {NULL, 0, NULL, 0},
    };
    const char *field = "category", *from = NULL;
    int json = 0, eval = 1, c;
    long long limit = 50000;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!tt_streq(optarg, "category") && !tt_streq(optarg, "priority"))
                return tt_cmd_usage(&tt_cmd_triage_train,
                                    "--field is category or priority, not '%s'", optarg);
            field = optarg;
            break;
        case 'F':
            from = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'n':
            eval = 0;
            break;
        case 'l':
            if (tt_parse_count(optarg, &limit) < 0)
                return tt_cmd_usage(&tt_cmd_triage_train, "--limit needs a number, not '%s'",
                                    optarg);
            break;
        default:
            return tt_cmd_usage(&tt_cmd_triage_train, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_triage_train, "unexpected argument '%s'", argv[optind]);

    struct tt_err err;
    struct tt_labelled csv = {0};
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    int lrc = from ? tt_labelled_load(from, field, &csv, &err) : 0;
    if (lrc < 0)
        return tt_cmd_fail(&err, lrc == -2 ? TT_EXIT_FAIL : TT_EXIT_USAGE);
    int64_t version = 0;
    struct tt_clf_metrics mt;
    size_t n = 0;
    int rc = tt_triage_train(st, field, from ? csv.ex : NULL, csv.n, limit, from, eval, &version,
                             &mt, &n, &err);
    tt_labelled_clear(&csv);
    if (rc < 0)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    struct tt_triage_model_row row;
    if (tt_store_triage_model_get(st, field, false, &row, &err) != 1)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "field", tt_json_str(field));
        json_object_set_new(o, "version", json_integer(version));
        json_object_set_new(o, "source", tt_json_str(row.source));
        json_object_set_new(o, "train_size", json_integer(row.train_size));
        json_object_set_new(o, "labels", json_integer(row.labels));
        json_object_set_new(o, "features", json_integer(row.features));
        json_object_set_new(o, "train_seconds", json_real(row.train_seconds));
        json_object_set_new(o, "model_bytes", json_integer((json_int_t)row.weights_len));
        json_object_set_new(o, "eval_examples", json_integer(row.eval_examples));
        if (mt.examples) {
            json_object_set_new(o, "accuracy", json_real(mt.accuracy));
            json_object_set_new(o, "macro_f1", json_real(mt.macro_f1));
            json_object_set_new(o, "confident_precision", json_real(mt.confident_precision));
            json_object_set_new(o, "confident_coverage", json_real(mt.confident_coverage));
        }
        tt_json_print(o, 0);
    } else {
        printf("%s model version %lld: %zu examples, %lld labels, %lld features, %.2f s\n", field,
               (long long)version, n, (long long)row.labels, (long long)row.features,
               row.train_seconds);
        if (mt.examples)
            printf("held out %zu: accuracy %.4f, macro-F1 %.4f, confidence >= 0.9: precision "
                   "%.4f, coverage %.4f\n",
                   mt.examples, mt.accuracy, mt.macro_f1, mt.confident_precision,
                   mt.confident_coverage);
        else if (eval)
            printf("too few examples to hold any out for evaluation\n");
    }
    tt_triage_model_row_clear(&row);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_triage_train = {
    .name = "triage train",
    .usage = "[--field category|priority] [--from FILE.csv] [--limit N] [--no-eval] [--json]",
    .summary = "train the triage classifier and store it in the database",
    .help = "Trains on the team's tickets (subject and body, labelled by their category or\n"
            "priority; an agent's override or acceptance of a suggestion counts as the\n"
            "label), or on a CSV file.  Every 5th example of each label is first held out\n"
            "to measure the model; then the model is trained on everything and replaces\n"
            "the field's previous model in one transaction.\n"
            "--field F      category (default) or priority\n"
            "--from FILE    RFC 4180 CSV with a header: `text` and `label` (or `category`;\n"
            "               with --field priority a `priority` column is preferred)\n"
            "--limit N      train on the N most recently updated tickets (default 50000;\n"
            "               0 = all)\n"
            "--no-eval      skip the held-out measurement\n"
            "--json         one object: field, version, source, train_size, labels,\n"
            "               features, train_seconds, model_bytes, eval_examples and, when\n"
            "               measured, accuracy, macro_f1, confident_precision,\n"
            "               confident_coverage",
    .exec = triage_train_exec,
};
