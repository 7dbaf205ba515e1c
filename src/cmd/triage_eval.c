/*
 * triage_eval.c: `ticketty triage eval`: train on one labelled CSV file,
 * report on another (accuracy, macro-F1, confident precision and coverage,
 * training time and classification throughput).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "triage_csv.h"
#include "ticketty/cmd.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_triage_eval;

static int write_predictions(const char *path, const struct tt_labelled *test,
                             const struct tt_clf *m, const int *pred, const double *conf,
                             struct tt_err *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (!f)
        return tt_errf(err, "%s: cannot write: %m", path);
    struct tt_buf b = {0};
    static const char *const head[] = {"text", "label", "predicted", "confidence"};
    tt_csv_put_row(&b, head, 4);
    for (size_t i = 0; i < test->n; i++) {
        char num[32];
        snprintf(num, sizeof num, "%.4f", conf[i]);
        const char *row[] = {test->ex[i].text, test->ex[i].label, tt_clf_label(m, pred[i]), num};
        tt_csv_put_row(&b, row, 4);
    }
    size_t w = fwrite(b.data, 1, b.len, f);
    int bad = w != b.len || ferror(f);
    if (f != stdout)
        bad |= fclose(f) != 0;
    else
        fflush(f);
    tt_buf_free(&b);
    return bad ? tt_errf(err, "%s: write error", strcmp(path, "-") ? path : "standard output") : 0;
}

static int triage_eval_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"train", required_argument, NULL, 't'},
        {"test", required_argument, NULL, 'T'},
        {"json", no_argument, NULL, 'j'},
        {"predictions", required_argument, NULL, 'p'},
        {"threshold", required_argument, NULL, 'c'},
        {"epochs", required_argument, NULL, 'e'},
        {"threads", required_argument, NULL, 'w'},
        {"l2", required_argument, NULL, 'l'},
        {"min-df", required_argument, NULL, 'm'},
        {"rate", required_argument, NULL, 'r'},
        {"balance", required_argument, NULL, 'b'},
        {NULL, 0, NULL, 0},
    };
    const char *train_path = NULL, *test_path = NULL, *pred_path = NULL;
    int json = 0, c;
    double threshold = 0.9;
    struct tt_clf_params params;
    tt_clf_params_default(&params);
    long long v;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            train_path = optarg;
            break;
        case 'T':
            test_path = optarg;
            break;
        case 'p':
            pred_path = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'c': {
            char *end;
            threshold = strtod(optarg, &end);
            if (*end || !(threshold > 0 && threshold <= 1))
                return tt_cmd_usage(&tt_cmd_triage_eval,
                                    "--threshold needs a number in (0, 1], not '%s'", optarg);
            break;
        }
        case 'e':
            if (tt_parse_count(optarg, &v) < 0 || v < 1 || v > 1000)
                return tt_cmd_usage(&tt_cmd_triage_eval, "--epochs needs 1..1000, not '%s'",
                                    optarg);
            params.epochs = (int)v;
            break;
        case 'w':
            if (tt_parse_count(optarg, &v) < 0 || v < 1 || v > 2)
                return tt_cmd_usage(&tt_cmd_triage_eval, "--threads needs 1 or 2, not '%s'",
                                    optarg);
            params.threads = (int)v;
            break;
        case 'l': {
            char *end;
            params.l2 = strtod(optarg, &end);
            if (*end || !(params.l2 >= 0 && params.l2 < 1))
                return tt_cmd_usage(&tt_cmd_triage_eval, "--l2 needs a number in [0, 1), not '%s'",
                                    optarg);
            break;
        }
        case 'r': {
            char *end;
            params.rate = strtod(optarg, &end);
            if (*end || !(params.rate > 0 && params.rate <= 100))
                return tt_cmd_usage(&tt_cmd_triage_eval,
                                    "--rate needs a number in (0, 100], not '%s'", optarg);
            break;
        }
        case 'b': {
            char *end;
            params.balance = strtod(optarg, &end);
            if (*end || !(params.balance >= 0 && params.balance <= 1))
                return tt_cmd_usage(&tt_cmd_triage_eval,
                                    "--balance needs a number in [0, 1], not '%s'", optarg);
            break;
        }
        case 'm':
            if (tt_parse_count(optarg, &v) < 0 || v < 1 || v > 1000)
                return tt_cmd_usage(&tt_cmd_triage_eval, "--min-df needs 1..1000, not '%s'",
                                    optarg);
            params.min_df = (int)v;
            break;
        default:
            return tt_cmd_usage(&tt_cmd_triage_eval, "unknown or incomplete option '%s'",
                                argv[optind - 1]);
        }
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_triage_eval, "unexpected argument '%s'", argv[optind]);
    if (!train_path || !test_path)
        return tt_cmd_usage(&tt_cmd_triage_eval, "both --train and --test are required");
    (void)ctx;

    struct tt_err err;
    struct tt_labelled train, test;
    int lrc = tt_labelled_load(train_path, NULL, &train, &err);
    if (lrc < 0)
        return tt_cmd_fail(&err, lrc == -2 ? TT_EXIT_FAIL : TT_EXIT_USAGE);
    lrc = tt_labelled_load(test_path, NULL, &test, &err);
    if (lrc < 0) {
        tt_labelled_clear(&train);
        return tt_cmd_fail(&err, lrc == -2 ? TT_EXIT_FAIL : TT_EXIT_USAGE);
    }
    double t0 = tt_triage_clock(), c0 = tt_triage_cpu();
    struct tt_clf *m = tt_clf_train(train.ex, train.n, &params, &err);
    double train_s = tt_triage_clock() - t0, train_cpu = tt_triage_cpu() - c0;
    if (!m) {
        tt_labelled_clear(&train);
        tt_labelled_clear(&test);
        return tt_cmd_fail(&err, TT_EXIT_FAIL);
    }
    size_t C = tt_clf_n_labels(m);
    int *gold = xmalloc((test.n ? test.n : 1) * sizeof *gold);
    int *pred = xmalloc((test.n ? test.n : 1) * sizeof *pred);
    double *conf = xmalloc((test.n ? test.n : 1) * sizeof *conf);
    /* Test labels the model never saw get indices of their own. */
    char **unseen = NULL;
    size_t n_unseen = 0;
    for (size_t i = 0; i < test.n; i++) {
        int g = tt_clf_label_index(m, test.ex[i].label);
        if (g < 0) {
            size_t u;
            for (u = 0; u < n_unseen && strcmp(unseen[u], test.ex[i].label) != 0; u++)
                ;
            if (u == n_unseen) {
                unseen = xrealloc(unseen, (n_unseen + 1) * sizeof *unseen);
                unseen[n_unseen++] = (char *)test.ex[i].label;
            }
            g = (int)(C + u);
        }
        gold[i] = g;
    }
    t0 = tt_triage_clock();
    c0 = tt_triage_cpu();
    for (size_t i = 0; i < test.n; i++) {
        struct tt_clf_result r;
        tt_clf_predict(m, test.ex[i].text, &r, NULL);
        pred[i] = r.label;
        conf[i] = r.confidence;
    }
    double test_s = tt_triage_clock() - t0, test_cpu = tt_triage_cpu() - c0;
    struct tt_clf_metrics mt;
    tt_clf_metrics_compute(gold, pred, conf, test.n, C + n_unseen, threshold, &mt);
    size_t model_bytes;
    free(tt_clf_save(m, &model_bytes));
    double per_s = test_s > 0 ? (double)test.n / test_s : 0;

    int rc = TT_EXIT_OK;
    if (pred_path && write_predictions(pred_path, &test, m, pred, conf, &err) < 0)
        rc = tt_cmd_fail(&err, TT_EXIT_FAIL);
    if (rc == TT_EXIT_OK && json) {
        json_t *o = json_object();
        json_object_set_new(o, "accuracy", json_real(mt.accuracy));
        json_object_set_new(o, "macro_f1", json_real(mt.macro_f1));
        json_object_set_new(o, "confident_precision", json_real(mt.confident_precision));
        json_object_set_new(o, "confident_coverage", json_real(mt.confident_coverage));
        json_object_set_new(o, "confidence_threshold", json_real(threshold));
        json_object_set_new(o, "train_seconds", json_real(train_s));
        json_object_set_new(o, "train_cpu_seconds", json_real(train_cpu));
        json_object_set_new(o, "test_examples", json_integer((json_int_t)test.n));
        json_object_set_new(o, "train_examples", json_integer((json_int_t)train.n));
        json_object_set_new(o, "labels", json_integer((json_int_t)C));
        json_object_set_new(o, "unseen_test_labels", json_integer((json_int_t)n_unseen));
        json_object_set_new(o, "features", json_integer((json_int_t)tt_clf_n_features(m)));
        json_object_set_new(o, "temperature", json_real(tt_clf_temperature(m)));
        json_object_set_new(o, "calibration_error", json_real(mt.ece));
        json_object_set_new(o, "classify_seconds", json_real(test_s));
        json_object_set_new(o, "classify_per_second", json_real(per_s));
        json_object_set_new(o, "classify_per_cpu_second",
                            json_real(test_cpu > 0 ? (double)test.n / test_cpu : 0));
        json_object_set_new(o, "model_bytes", json_integer((json_int_t)model_bytes));
        tt_json_print(o, 0);
    } else if (rc == TT_EXIT_OK) {
        printf("trained on   %zu example%s, %zu label%s, %zu features in %.2f s (%.2f s CPU)\n",
               train.n, train.n == 1 ? "" : "s", C, C == 1 ? "" : "s", tt_clf_n_features(m),
               train_s, train_cpu);
        printf("tested on    %zu example%s", test.n, test.n == 1 ? "" : "s");
        if (n_unseen)
            printf(" (%zu label%s not in the training file)", n_unseen, n_unseen == 1 ? "" : "s");
        printf("\naccuracy     %.4f\nmacro-F1     %.4f\n", mt.accuracy, mt.macro_f1);
        printf("confidence >= %.2f: precision %.4f, coverage %.4f\n", threshold,
               mt.confident_precision, mt.confident_coverage);
        printf("calibration  error %.4f (temperature %.3f)\n", mt.ece, tt_clf_temperature(m));
        printf("throughput   %.0f texts/s\nmodel size   %zu bytes\n", per_s, model_bytes);
    }
    free(unseen);
    free(gold);
    free(pred);
    free(conf);
    tt_clf_free(m);
    tt_labelled_clear(&train);
    tt_labelled_clear(&test);
    return rc;
}

const struct tt_cmd tt_cmd_triage_eval = {
    .name = "triage eval",
    .usage = "--train TRAIN.csv --test TEST.csv [--json] [--predictions OUT.csv] [--threshold P]"
             " [--epochs N] [--threads N] [--l2 X] [--rate X] [--min-df N] [--balance X]",
    .summary = "train the classifier on one CSV file and measure it on another",
    .help = "Both files are RFC 4180 CSV with a header row naming a `text` column and a\n"
            "`label` (or `category`) column.  A bad row is reported with its line number.\n"
            "--train FILE        labelled examples to train on\n"
            "--test FILE         labelled examples to measure on\n"
            "--json              one object: accuracy, macro_f1, confident_precision,\n"
            "                    confident_coverage, confidence_threshold, train_seconds,\n"
            "                    train_cpu_seconds, test_examples, train_examples,\n"
            "                    labels, unseen_test_labels, features, temperature,\n"
            "                    calibration_error, classify_seconds,\n"
            "                    classify_per_second, classify_per_cpu_second,\n"
            "                    model_bytes (fractions in 0..1)\n"
            "--predictions FILE  write text,label,predicted,confidence per test row\n"
            "                    (- for standard output)\n"
            "--threshold P       confidence of a confident prediction (default 0.9)\n"
            "--epochs N          passes of gradient descent (default 15)\n"
            "--threads N         1 or 2 (default 2: calibration models train alongside)\n"
            "--l2 X              L2 penalty per example (default 1e-6)\n"
            "--rate X            initial learning rate (default 2)\n"
            "--min-df N          keep features seen in N training texts (default 1, or 2\n"
            "                    from 2000 examples)\n"
            "--balance X         share of the labels' training frequency taken out of\n"
            "                    the scores, 0..1 (default 0.5; 1 suits a test set where\n"
            "                    every label is equally common)",
    .exec = triage_eval_exec,
};
