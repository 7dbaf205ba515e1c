/*
 * embeddings.c: POST {"model", "input": [...]} to an OpenAI-compatible
 * /v1/embeddings endpoint and read data[].embedding back, ordered by index.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"
#include "ticketty/embeddings.h"
#include "ticketty/http.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

int tt_embeddings_fetch(const struct tt_embeddings_req *req, const char *const *texts, size_t n,
                        float *out, size_t out_cap, int *dim, struct tt_err *err)
{
    if (!req->url || !*req->url)
        return tt_errf(err, "kb.embeddings.url is not set");
    if (!n)
        return 0;
    json_t *body = json_object();
    /* jansson refuses invalid UTF-8 (json_string returns NULL and the append
     * would silently drop the input, shifting every later vector onto the
     * wrong text): invalid bytes become U+FFFD first. */
    char *model = tt_utf8_valid(req->model);
    json_object_set_new(body, "model", json_string(model));
    free(model);
    json_t *input = json_array();
    for (size_t i = 0; i < n; i++) {
        char *t = tt_utf8_valid(texts[i]);
        json_array_append_new(input, json_string(t));
        free(t);
    }
    json_object_set_new(body, "input", input);
    if (json_array_size(input) != n) {
        json_decref(body);
        return tt_errf(err, "embeddings %s: could not encode %zu inputs", req->url, n);
    }
    struct tt_net_post post = {.what = "embeddings",
                               .base_url = req->url,
                               .suffix = "/embeddings",
                               .key = req->key,
                               .timeout_s = req->timeout_s,
                               .max_bytes = 256u * 1024 * 1024};
    json_t *doc;
    char *url;
    int rc = tt_net_post_json(&post, body, &doc, &url, err);
    json_decref(body);
    if (rc < 0)
        return -1;
    rc = -1;
    json_t *data = json_object_get(doc, "data");
    if (!json_is_array(data) || json_array_size(data) != n) {
        tt_errf(err, "embeddings %s: response field data: sent %zu inputs, got %zu vectors back",
                url, n, json_is_array(data) ? json_array_size(data) : (size_t)0);
        goto out;
    }
    /* every input index exactly once, or vectors would land on the wrong text */
    unsigned char *seen = xcalloc(n, 1);
    for (size_t i = 0; i < n; i++) {
        json_t *ix = json_object_get(json_array_get(data, i), "index");
        size_t at = json_is_integer(ix) ? (size_t)json_integer_value(ix) : i;
        if (at >= n || seen[at]++) {
            tt_errf(err, "embeddings %s: response field data[%zu].index: %s", url, i,
                    at >= n ? "out of range" : "repeats an earlier index");
            free(seen);
            goto out;
        }
    }
    free(seen);
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(data, i);
        json_t *emb = json_object_get(item, "embedding");
        json_t *ix = json_object_get(item, "index");
        size_t at = json_is_integer(ix) ? (size_t)json_integer_value(ix) : i;
        if (!json_is_array(emb) || at >= n) {
            tt_errf(err, "embeddings %s: response field data[%zu].embedding: expected an array",
                    url, i);
            goto out;
        }
        size_t d = json_array_size(emb);
        if (*dim == 0)
            *dim = (int)d;
        if (d != (size_t)*dim || d == 0 || (at + 1) * d > out_cap) {
            tt_errf(err, "embeddings %s: data[%zu].embedding has %zu dimensions, expected %d", url,
                    i, d, *dim);
            goto out;
        }
        for (size_t j = 0; j < d; j++) {
            json_t *x = json_array_get(emb, j);
            if (!json_is_number(x)) {
                tt_errf(err, "embeddings %s: data[%zu].embedding[%zu] is not a number", url, i, j);
                goto out;
            }
            out[at * d + j] = (float)json_number_value(x);
        }
    }
    rc = 0;
out:
    json_decref(doc);
    free(url);
    return rc;
}
