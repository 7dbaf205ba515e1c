/*
 * kb_rank.c: rank fusion, retrieval metrics and vector arithmetic for the
 * knowledge base.  Pure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/kbcore.h"
#include "ticketty/util.h"

struct fused {
    int64_t id;
    double score;
    size_t first; /* order of first appearance, for stable ties */
};

static int fused_cmp(const void *a, const void *b)
{
    const struct fused *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

size_t tt_kb_rrf(const int64_t *const *lists, const size_t *lens, size_t n_lists, double k,
                 int64_t *out_ids, double *out_scores, size_t max)
{
    size_t total = 0;
    for (size_t l = 0; l < n_lists; l++)
        total += lens[l];
    if (!total || !max)
        return 0;
    struct fused *f = xcalloc(total, sizeof *f);
    size_t n = 0, seq = 0;
    for (size_t l = 0; l < n_lists; l++) {
        for (size_t r = 0; r < lens[l]; r++) {
            int64_t id = lists[l][r];
            size_t j;
            for (j = 0; j < n && f[j].id != id; j++)
                ;
            if (j == n) {
                f[n].id = id;
                f[n].first = seq;
                n++;
            }
            seq++;
            f[j].score += 1.0 / (k + (double)(r + 1));
        }
    }
    qsort(f, n, sizeof *f, fused_cmp);
    size_t m = n < max ? n : max;
    for (size_t i = 0; i < m; i++) {
        out_ids[i] = f[i].id;
        if (out_scores)
            out_scores[i] = f[i].score;
    }
    free(f);
    return m;
}

void tt_kb_metrics_add(struct tt_kb_metrics *m, size_t rank)
{
    m->queries++;
    if (rank == 0)
        return;
    if (rank == 1)
        m->hit1++;
    if (rank <= 5)
        m->hit5++;
    m->rr_sum += 1.0 / (double)rank;
}

double tt_kb_metrics_hit1(const struct tt_kb_metrics *m)
{
    return m->queries ? (double)m->hit1 / (double)m->queries : 0.0;
}

double tt_kb_metrics_hit5(const struct tt_kb_metrics *m)
{
    return m->queries ? (double)m->hit5 / (double)m->queries : 0.0;
}

double tt_kb_metrics_mrr(const struct tt_kb_metrics *m)
{
    return m->queries ? m->rr_sum / (double)m->queries : 0.0;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double tt_kb_percentile(double *v, size_t n, double pct)
{
    if (!n)
        return 0.0;
    qsort(v, n, sizeof *v, dbl_cmp);
    double pos = pct / 100.0 * (double)(n - 1);
    size_t lo = (size_t)floor(pos), hi = (size_t)ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - (double)lo);
}

double tt_vec_normalize(float *v, int dim)
{
    double s = 0;
    for (int i = 0; i < dim; i++)
        s += (double)v[i] * v[i];
    double norm = sqrt(s);
    if (norm > 0)
        for (int i = 0; i < dim; i++)
            v[i] = (float)(v[i] / norm);
    return norm;
}

float tt_vec_dot(const float *a, const float *b, int dim)
{
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= dim; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < dim; i++)
        s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

size_t tt_vec_topk(const float *scores, const bool *keep, size_t n, size_t k, size_t *idx_out)
{
    /* Insertion into a sorted window of k: O(n k), fine for k <= 100. */
    size_t m = 0;
    if (!k)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (keep && !keep[i])
            continue;
        if (m == k && !(scores[i] > scores[idx_out[m - 1]]))
            continue;
        size_t j = m < k ? m++ : m - 1;
        while (j > 0 && scores[i] > scores[idx_out[j - 1]]) {
            idx_out[j] = idx_out[j - 1];
            j--;
        }
        idx_out[j] = i;
    }
    return m;
}

int tt_kb_review_flags(int64_t helpful, int64_t not_helpful, int64_t reviewed_at,
                       int review_every_days, int64_t now, int64_t min_votes, double min_rate)
{
    int flags = 0;
    int64_t total = helpful + not_helpful;
    if (total > min_votes && total > 0 && (double)helpful / (double)total < min_rate)
        flags |= TT_KB_REVIEW_LOW_RATE;
    if (!reviewed_at)
        flags |= TT_KB_REVIEW_NEVER;
    else if (review_every_days > 0 && now - reviewed_at > (int64_t)review_every_days * 86400)
        flags |= TT_KB_REVIEW_STALE;
    return flags;
}
