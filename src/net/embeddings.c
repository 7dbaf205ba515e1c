/*
 * embeddings.c: POST {"model", "input": [...]} to an OpenAI-compatible
 * /v1/embeddings endpoint and read data[].embedding back, ordered by index.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ticketty/embeddings.h"
#include "ticketty/http.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    struct tt_buf *b = ud;
    if (b->len + size * nmemb > 256u * 1024 * 1024)
        return 0; /* refuse absurd responses */
    tt_buf_append(b, data, size * nmemb);
    return size * nmemb;
}

static char *endpoint(const char *url)
{
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    if (n >= 11 && strncmp(url + n - 11, "/embeddings", 11) == 0)
        return xstrndup(url, n);
    return xasprintf("%.*s/embeddings", (int)n, url);
}

int tt_embeddings_fetch(const struct tt_embeddings_req *req, const char *const *texts, size_t n,
                        float *out, size_t out_cap, int *dim, struct tt_err *err)
{
    if (!req->url || !*req->url)
        return tt_errf(err, "kb.embeddings.url is not set");
    if (!n)
        return 0;
    static int curl_ready;
    if (!curl_ready) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        curl_ready = 1;
    }
    /* The key goes in a header: plain http only to loopback (local servers). */
    if (strncmp(req->url, "https://", 8) != 0 &&
        !(strncmp(req->url, "http://", 7) == 0 && tt_http_is_loopback_url(req->url)))
        return tt_errf(err, "kb.embeddings.url %s: https is required (plain http only to loopback)",
                       req->url);
    char *url = endpoint(req->url);
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
        tt_errf(err, "embeddings %s: could not encode %zu inputs", url, n);
        free(url);
        return -1;
    }
    char *payload = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct tt_buf resp = {0};
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    char *auth = NULL;
    if (req->key && *req->key) {
        auth = xasprintf("Authorization: Bearer %s", req->key);
        hdr = curl_slist_append(hdr, auth);
    }
    CURL *c = curl_easy_init();
    int rc = -1;
    if (!c || !payload) {
        tt_errf(err, "embeddings %s: cannot set up the request", url);
        goto out;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, req->timeout_s > 0 ? req->timeout_s : 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "ticketty/" TT_VERSION);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode cc = curl_easy_perform(c);
    if (cc != CURLE_OK) {
        tt_errf(err, "embeddings %s: %s", url, curl_easy_strerror(cc));
        goto out;
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    json_error_t jerr;
    json_t *doc = json_loadb(resp.data ? resp.data : "", resp.len, 0, &jerr);
    if (status != 200) {
        const char *msg = NULL;
        json_t *e = doc ? json_object_get(doc, "error") : NULL;
        if (json_is_object(e))
            msg = json_string_value(json_object_get(e, "message"));
        else if (json_is_string(e))
            msg = json_string_value(e);
        tt_errf(err, "embeddings %s: HTTP %ld%s%s", url, status, msg ? ": " : "", msg ? msg : "");
        json_decref(doc);
        goto out;
    }
    if (!doc) {
        tt_errf(err, "embeddings %s: response is not JSON (line %d: %s)", url, jerr.line,
                jerr.text);
        goto out;
    }
    json_t *data = json_object_get(doc, "data");
    if (!json_is_array(data) || json_array_size(data) != n) {
        tt_errf(err, "embeddings %s: response field data: sent %zu inputs, got %zu vectors back",
                url, n, json_is_array(data) ? json_array_size(data) : (size_t)0);
        json_decref(doc);
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
            json_decref(doc);
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
            json_decref(doc);
            goto out;
        }
        size_t d = json_array_size(emb);
        if (*dim == 0)
            *dim = (int)d;
        if (d != (size_t)*dim || d == 0 || (at + 1) * d > out_cap) {
            tt_errf(err, "embeddings %s: data[%zu].embedding has %zu dimensions, expected %d", url,
                    i, d, *dim);
            json_decref(doc);
            goto out;
        }
        for (size_t j = 0; j < d; j++) {
            json_t *x = json_array_get(emb, j);
            if (!json_is_number(x)) {
                tt_errf(err, "embeddings %s: data[%zu].embedding[%zu] is not a number", url, i, j);
                json_decref(doc);
                goto out;
            }
            out[at * d + j] = (float)json_number_value(x);
        }
    }
    json_decref(doc);
    rc = 0;
out:
    if (c)
        curl_easy_cleanup(c);
    curl_slist_free_all(hdr);
    if (auth) {
        memset(auth, 0, strlen(auth));
        free(auth);
    }
    free(payload);
    tt_buf_free(&resp);
    free(url);
    return rc;
}
