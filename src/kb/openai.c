/*
 * openai.c: the OpenAI-compatible embedder (kb.embedder: openai).  Settings
 * come from kb.embeddings.*; the key from the environment variable named by
 * key_env or the first line printed by key_cmd, kept only in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"
#include "ticketty/embeddings.h"
#include "ticketty/kbcore.h"
#include "ticketty/util.h"

#define MAX_CHARS 8000 /* per text: stay within small models' context */

struct openai {
    char *url, *model, *key;
    long timeout;
};

static int openai_embed(struct tt_kb_embedder *e, const char *const *texts, size_t n, float *vecs,
                        struct tt_err *err)
{
    struct openai *o = e->impl;
    struct tt_embeddings_req req = {o->url, o->model, o->key, o->timeout};
    char **cut = xmalloc((n ? n : 1) * sizeof *cut);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(texts[i]);
        if (len > MAX_CHARS) {
            len = MAX_CHARS;
            while (len > 0 && ((unsigned char)texts[i][len] & 0xC0) == 0x80)
                len--;
        }
        cut[i] = xstrndup(texts[i], len);
        if (!*cut[i]) {
            free(cut[i]);
            cut[i] = xstrdup(" ");
        }
    }
    int dim = e->dim;
    int rc =
        tt_embeddings_fetch(&req, (const char *const *)cut, n, vecs, n * (size_t)e->dim, &dim, err);
    for (size_t i = 0; i < n; i++)
        free(cut[i]);
    free(cut);
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        tt_vec_normalize(vecs + i * e->dim, e->dim);
    return 0;
}

static void openai_free(struct tt_kb_embedder *e)
{
    struct openai *o = e->impl;
    if (o->key) {
        memset(o->key, 0, strlen(o->key));
        free(o->key);
    }
    free(o->url);
    free(o->model);
    free(o);
}

static char *key_from_cmd(const char *cmd, struct tt_err *err)
{
    FILE *p = popen(cmd, "r");
    if (!p) {
        tt_errf(err, "kb.embeddings.key_cmd: cannot run the command");
        return NULL;
    }
    char buf[4096];
    char *line = fgets(buf, sizeof buf, p);
    int st = pclose(p);
    if (!line || st != 0) {
        memset(buf, 0, sizeof buf);
        tt_errf(err, "kb.embeddings.key_cmd: the command failed or printed nothing");
        return NULL;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    char *key = xstrdup(buf);
    memset(buf, 0, sizeof buf);
    return key;
}

struct tt_kb_embedder *tt_kb_openai_open(const struct tt_config *cfg, struct tt_err *err)
{
    const char *url = cfg ? tt_config_str(cfg, "kb.embeddings.url") : NULL;
    const char *model = cfg ? tt_config_str(cfg, "kb.embeddings.model") : NULL;
    if (!url || !*url) {
        tt_errf(err, "kb.embedder is openai but kb.embeddings.url is not set");
        return NULL;
    }
    if (!model || !*model) {
        tt_errf(err, "kb.embedder is openai but kb.embeddings.model is not set");
        return NULL;
    }
    struct openai *o = xcalloc(1, sizeof *o);
    o->url = xstrdup(url);
    o->model = xstrdup(model);
    o->timeout = (long)tt_config_int(cfg, "kb.embeddings.timeout");
    const char *env = tt_config_str(cfg, "kb.embeddings.key_env");
    const char *cmd = tt_config_str(cfg, "kb.embeddings.key_cmd");
    if (env && *env) {
        const char *v = getenv(env);
        if (v && *v)
            o->key = xstrdup(v);
    }
    if (!o->key && cmd && *cmd) {
        o->key = key_from_cmd(cmd, err);
        if (!o->key) {
            free(o->url);
            free(o->model);
            free(o);
            return NULL;
        }
    }
    struct tt_kb_embedder *e = xcalloc(1, sizeof *e);
    e->model = xasprintf("openai:%s", model);
    e->embed = openai_embed;
    e->free = openai_free;
    e->impl = o;
    e->dim = (int)tt_config_int(cfg, "kb.embeddings.dims");
    if (e->dim <= 0) {
        /* Learn the size from the server once per process. */
        static char *probed_model;
        static int probed_dim;
        if (probed_model && strcmp(probed_model, e->model) == 0) {
            e->dim = probed_dim;
        } else {
            struct tt_embeddings_req req = {o->url, o->model, o->key, o->timeout};
            const char *probe = "dimension probe";
            float *tmp = xmalloc(65536 * sizeof *tmp);
            int dim = 0;
            int rc = tt_embeddings_fetch(&req, &probe, 1, tmp, 65536, &dim, err);
            free(tmp);
            if (rc < 0) {
                tt_kb_embedder_free(e);
                return NULL;
            }
            free(probed_model);
            probed_model = xstrdup(e->model);
            probed_dim = dim;
            e->dim = dim;
        }
    }
    return e;
}
