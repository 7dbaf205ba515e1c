/*
 * lsa.c: truncated SVD of a sparse term-document matrix, the training step of
 * the built-in embedder (latent semantic analysis).
 *
 * Randomized range finder (Halko, Martinsson, Tropp 2011): Y = A G for a
 * Gaussian G, a few power iterations Y = A (A^T Y) to sharpen the spectrum,
 * orthonormalise, then the small matrix B = Q^T A gives the singular vectors
 * through the eigen-decomposition of B B^T.  Orthonormalisation uses the eigen
 * decomposition of the Gram matrix (robust when columns are nearly dependent),
 * so every dense step walks rows contiguously.  Pure and deterministic.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/kbcore.h"
#include "ticketty/util.h"

/* xorshift64* and Box-Muller: a reproducible Gaussian stream. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

static double rng_gauss(uint64_t *s)
{
    double u1 = ((double)(rng_next(s) >> 11) + 1.0) / 9007199254740993.0;
    double u2 = (double)(rng_next(s) >> 11) / 9007199254740992.0;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

void tt_sym_eigen(double *a, int n, double *w, double *v)
{
    /* Cyclic Jacobi rotations. */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            v[i * n + j] = i == j;
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0, diag = 0;
        for (int i = 0; i < n; i++) {
            diag += a[i * n + i] * a[i * n + i];
            for (int j = i + 1; j < n; j++)
                off += a[i * n + j] * a[i * n + j];
        }
        if (off <= 1e-22 * (diag + 1e-300))
            break;
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                double apq = a[p * n + q];
                if (fabs(apq) < 1e-300)
                    continue;
                double app = a[p * n + p], aqq = a[q * n + q];
                double theta = (aqq - app) / (2.0 * apq);
                double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
                double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
                for (int k = 0; k < n; k++) {
                    double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (int k = 0; k < n; k++) {
                    double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (int k = 0; k < n; k++) {
                    double vkp = v[k * n + p], vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    for (int i = 0; i < n; i++)
        w[i] = a[i * n + i];
    /* Sort descending, permuting eigenvector columns along. */
    for (int i = 0; i < n; i++) {
        int best = i;
        for (int j = i + 1; j < n; j++)
            if (w[j] > w[best])
                best = j;
        if (best != i) {
            double t = w[i];
            w[i] = w[best];
            w[best] = t;
            for (int k = 0; k < n; k++) {
                t = v[k * n + i];
                v[k * n + i] = v[k * n + best];
                v[k * n + best] = t;
            }
        }
    }
}

/* Orthonormalise the l columns of y (rows x l, row-major) in place through the
 * Gram matrix: y <- y W diag(1/sqrt(lambda)).  Columns of negligible weight
 * become zero.  Returns the rank kept. */
static int orthonormalize(double *y, size_t rows, int l)
{
    double *g = xcalloc((size_t)l * l, sizeof *g);
    for (size_t r = 0; r < rows; r++) {
        const double *yr = y + r * l;
        for (int i = 0; i < l; i++) {
            double yi = yr[i];
            if (yi == 0)
                continue;
            for (int j = i; j < l; j++)
                g[i * l + j] += yi * yr[j];
        }
    }
    for (int i = 0; i < l; i++)
        for (int j = 0; j < i; j++)
            g[i * l + j] = g[j * l + i];
    double *w = xmalloc(l * sizeof *w), *v = xmalloc((size_t)l * l * sizeof *v);
    tt_sym_eigen(g, l, w, v);
    double top = w[0] > 0 ? w[0] : 0;
    int rank = 0;
    for (int j = 0; j < l; j++) {
        double scale = w[j] > top * 1e-12 && w[j] > 1e-300 ? 1.0 / sqrt(w[j]) : 0.0;
        if (scale > 0)
            rank++;
        for (int i = 0; i < l; i++)
            v[i * l + j] *= scale;
    }
    double *tmp = xmalloc(l * sizeof *tmp);
    for (size_t r = 0; r < rows; r++) {
        double *yr = y + r * l;
        for (int j = 0; j < l; j++) {
            double s = 0;
            for (int i = 0; i < l; i++)
                s += yr[i] * v[i * l + j];
            tmp[j] = s;
        }
        memcpy(yr, tmp, l * sizeof *tmp);
    }
    free(tmp);
    free(w);
    free(v);
    free(g);
    return rank;
}

/* y (terms x l) = A x (docs x l), where A is terms x docs = m^T. */
static void mul_a(const struct tt_lsa_matrix *m, const double *x, double *y, int l)
{
    memset(y, 0, m->n_terms * l * sizeof *y);
    for (size_t d = 0; d < m->n_docs; d++) {
        const double *xd = x + d * l;
        for (size_t p = m->doc_ptr[d]; p < m->doc_ptr[d + 1]; p++) {
            double v = m->val[p];
            double *yt = y + (size_t)m->term[p] * l;
            for (int j = 0; j < l; j++)
                yt[j] += v * xd[j];
        }
    }
}

/* z (docs x l) = A^T q (terms x l). */
static void mul_at(const struct tt_lsa_matrix *m, const double *q, double *z, int l)
{
    memset(z, 0, m->n_docs * l * sizeof *z);
    for (size_t d = 0; d < m->n_docs; d++) {
        double *zd = z + d * l;
        for (size_t p = m->doc_ptr[d]; p < m->doc_ptr[d + 1]; p++) {
            double v = m->val[p];
            const double *qt = q + (size_t)m->term[p] * l;
            for (int j = 0; j < l; j++)
                zd[j] += v * qt[j];
        }
    }
}

int tt_lsa_train(const struct tt_lsa_matrix *m, int k, int power_iters, uint64_t seed, float *u,
                 double *sigma)
{
    if (k <= 0)
        return 0;
    memset(u, 0, m->n_terms * (size_t)k * sizeof *u);
    for (int i = 0; i < k; i++)
        sigma[i] = 0;
    size_t maxrank = m->n_docs < m->n_terms ? m->n_docs : m->n_terms;
    if (maxrank == 0 || m->doc_ptr[m->n_docs] == 0)
        return 0;
    int l = k + 10;
    if ((size_t)l > maxrank)
        l = (int)maxrank;
    uint64_t s = seed ? seed : 0x9E3779B97F4A7C15ULL;
    double *g = xmalloc(m->n_docs * l * sizeof *g);
    for (size_t i = 0; i < m->n_docs * (size_t)l; i++)
        g[i] = rng_gauss(&s);
    double *y = xmalloc(m->n_terms * l * sizeof *y);
    mul_a(m, g, y, l);
    orthonormalize(y, m->n_terms, l);
    for (int it = 0; it < power_iters; it++) {
        mul_at(m, y, g, l);
        orthonormalize(g, m->n_docs, l);
        mul_a(m, g, y, l);
        orthonormalize(y, m->n_terms, l);
    }
    /* B^T = A^T Q (docs x l); C = B B^T = (B^T)^T B^T (l x l). */
    mul_at(m, y, g, l);
    double *c = xcalloc((size_t)l * l, sizeof *c);
    for (size_t d = 0; d < m->n_docs; d++) {
        const double *gd = g + d * l;
        for (int i = 0; i < l; i++) {
            if (gd[i] == 0)
                continue;
            for (int j = i; j < l; j++)
                c[i * l + j] += gd[i] * gd[j];
        }
    }
    for (int i = 0; i < l; i++)
        for (int j = 0; j < i; j++)
            c[i * l + j] = c[j * l + i];
    double *w = xmalloc(l * sizeof *w), *v = xmalloc((size_t)l * l * sizeof *v);
    tt_sym_eigen(c, l, w, v);
    int kk = k < l ? k : l;
    int rank = 0;
    for (int j = 0; j < kk; j++) {
        if (w[j] <= w[0] * 1e-12 || w[j] <= 0)
            break;
        sigma[j] = sqrt(w[j]);
        rank++;
    }
    /* U = Q W[:, :rank]. */
    for (size_t t = 0; t < m->n_terms; t++) {
        const double *qt = y + t * l;
        float *ut = u + t * (size_t)k;
        for (int j = 0; j < rank; j++) {
            double acc = 0;
            for (int i = 0; i < l; i++)
                acc += qt[i] * v[i * l + j];
            ut[j] = (float)acc;
        }
    }
    free(w);
    free(v);
    free(c);
    free(y);
    free(g);
    return rank;
}
