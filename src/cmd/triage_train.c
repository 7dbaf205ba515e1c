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
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_triage_train;

static int triage_train_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"field", required_argument, NULL, 'f'},
        {"from", required_argument, NULL, 'F'},
        {"json", no_argument, NULL, 'j'},
        {"no-eval", no_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    const char *field = "category", *from = NULL;
    int json = 0, eval = 1, c;
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
        default:
            return tt_cmd_usage(&tt_cmd_triage_train, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_triage_train, "unexpected argument '%s'", argv[optind]);

    struct tt_err err;
    struct tt_labelled csv = {0};
    struct tt_triage_texts texts = {0};
    struct tt_clf_example *ex = NULL;
    size_t n = 0;
    struct tt_store *st = tt_ctx_store(ctx, &err);
    if (!st)
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (from) {
        if (tt_labelled_load(from, field, &csv, &err) < 0)
            return tt_cmd_fail(&err, TT_EXIT_USAGE);
        ex = csv.ex;
        n = csv.n;
    } else {
        if (tt_store_triage_training_texts(st, field, &texts, &err) < 0)
            return tt_cmd_fail(&err, TT_EXIT_FAIL);
        ex = xmalloc((texts.n ? texts.n : 1) * sizeof *ex);
        for (size_t i = 0; i < texts.n; i++) {
            ex[i].text = texts.text[i];
            ex[i].label = texts.label[i];
        }
        n = texts.n;
    }
    int rc = TT_EXIT_OK;
    if (tt_streq(field, "priority")) {
        for (size_t i = 0; i < n; i++) {
            if (tt_priority_from_name(ex[i].label) < 0) {
                tt_errf(&err, "%s: example %zu: priority '%s' is not low, normal, high or urgent",
                        from ? from : "tickets", i + 1, ex[i].label);
                rc = tt_cmd_fail(&err, TT_EXIT_USAGE);
                goto out;
            }
        }
    }
    if (n == 0) {
        tt_errf(&err, "no labelled %s to train on (%s)", from ? "rows" : "tickets",
                from ? from : "tickets need a category; use --from FILE.csv");
        rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
        goto out;
    }
    struct tt_clf_params params;
    tt_clf_params_default(&params);
    struct tt_clf_metrics mt = {0};
    if (eval && tt_clf_holdout_metrics(ex, n, &params, 0.9, &mt, &err) < 0) {
        rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
        goto out;
    }
    double t0 = tt_triage_clock();
    struct tt_clf *m = tt_clf_train(ex, n, &params, &err);
    double secs = tt_triage_clock() - t0;
    if (!m) {
        rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
        goto out;
    }
    struct tt_triage_model_row row = {0};
    row.field = (char *)field;
    row.source = (char *)(from ? from : "tickets");
    row.train_size = (int64_t)n;
    row.labels = (int64_t)tt_clf_n_labels(m);
    row.features = (int64_t)tt_clf_n_features(m);
    row.eval_examples = (int64_t)mt.examples;
    row.accuracy = mt.accuracy;
    row.macro_f1 = mt.macro_f1;
    row.confident_precision = mt.confident_precision;
    row.confident_coverage = mt.confident_coverage;
    row.train_seconds = secs;
    row.temperature = tt_clf_temperature(m);
    row.weights = tt_clf_save(m, &row.weights_len);
    int64_t version = 0;
    int saved = tt_store_triage_model_save(st, &row, &version, &err);
    free(row.weights);
    tt_clf_free(m);
    if (saved < 0) {
        rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
        goto out;
    }
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "field", json_string(field));
        json_object_set_new(o, "version", json_integer(version));
        json_object_set_new(o, "source", json_string(row.source));
        json_object_set_new(o, "train_size", json_integer(row.train_size));
        json_object_set_new(o, "labels", json_integer(row.labels));
        json_object_set_new(o, "features", json_integer(row.features));
        json_object_set_new(o, "train_seconds", json_real(secs));
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
               (long long)version, n, (long long)row.labels, (long long)row.features, secs);
        if (mt.examples)
            printf("held out %zu: accuracy %.4f, macro-F1 %.4f, confidence >= 0.9: precision "
                   "%.4f, coverage %.4f\n",
                   mt.examples, mt.accuracy, mt.macro_f1, mt.confident_precision,
                   mt.confident_coverage);
        else if (eval)
            printf("too few examples to hold any out for evaluation\n");
    }
out:
    if (!from)
        free(ex);
    tt_triage_texts_free(&texts);
    tt_labelled_clear(&csv);
    return rc;
}

const struct tt_cmd tt_cmd_triage_train = {
    .name = "triage train",
    .usage = "[--field category|priority] [--from FILE.csv] [--no-eval] [--json]",
    .summary = "train the triage classifier and store it in the database",
    .help = "Trains on the team's tickets (subject and body, labelled by their category or\n"
            "priority; an agent's override of a suggestion counts as the label), or on a\n"
            "CSV file.  Every 5th example of each label is first held out to measure the\n"
            "model; then the model is trained on everything and replaces the field's\n"
            "previous model in one transaction.\n"
            "--field F      category (default) or priority\n"
            "--from FILE    RFC 4180 CSV with a header: `text` and `label` (or `category`;\n"
            "               with --field priority a `priority` column is preferred)\n"
            "--no-eval      skip the held-out measurement\n"
            "--json         one object: field, version, source, train_size, labels,\n"
            "               features, train_seconds, model_bytes, eval_examples and, when\n"
            "               measured, accuracy, macro_f1, confident_precision,\n"
            "               confident_coverage",
    .exec = triage_train_exec,
};
