/*
 * net_util.c: see net_internal.h.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"
#include "ticketty/http.h"
#include "ticketty/util.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void tt_net_curl_init(void)
{
    pthread_once(&curl_once, curl_init);
}

struct sink {
    struct tt_buf buf;
    size_t max;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    struct sink *s = ud;
    if (s->buf.len + size * nmemb > s->max)
        return 0; /* refuse absurd responses */
    tt_buf_append(&s->buf, data, size * nmemb);
    return size * nmemb;
}

static char *endpoint(const char *base, const char *suffix)
{
    size_t n = strlen(base), sl = strlen(suffix);
    while (n && base[n - 1] == '/')
        n--;
    if (n >= sl && strncmp(base + n - sl, suffix, sl) == 0)
        return xstrndup(base, n);
    return xasprintf("%.*s%s", (int)n, base, suffix);
}

int tt_net_post_json(const struct tt_net_post *p, json_t *body, json_t **doc, char **url_out,
                     struct tt_err *err)
{
    *doc = NULL;
    *url_out = NULL;
    char *url = endpoint(p->base_url, p->suffix);
    /* The key goes in a header: plain http only to loopback (local servers). */
    if (strncmp(url, "https://", 8) != 0 &&
        !(strncmp(url, "http://", 7) == 0 && tt_http_is_loopback_url(url))) {
        tt_errf(err, "%s %s: https is required (plain http only to loopback)", p->what, url);
        free(url);
        return -1;
    }
    tt_net_curl_init();
    char *payload = body ? json_dumps(body, JSON_COMPACT) : NULL;
    struct sink resp = {.max = p->max_bytes};
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    char *auth = NULL;
    if (p->key && *p->key) {
        auth = xasprintf("Authorization: Bearer %s", p->key);
        hdr = curl_slist_append(hdr, auth);
    }
    CURL *c = curl_easy_init();
    int rc = -1;
    if (!c || !payload) {
        tt_errf(err, "%s %s: cannot set up the request", p->what, url);
        goto out;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, p->timeout_s > 0 ? p->timeout_s : 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "ticketty/" TT_VERSION);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode cc = curl_easy_perform(c);
    if (cc != CURLE_OK) {
        tt_errf(err, "%s %s: %s", p->what, url, curl_easy_strerror(cc));
        goto out;
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    json_error_t jerr;
    json_t *d = json_loadb(resp.buf.data ? resp.buf.data : "", resp.buf.len, 0, &jerr);
    if (status != 200) {
        json_t *e = d ? json_object_get(d, "error") : NULL;
        const char *msg = json_is_object(e) ? json_string_value(json_object_get(e, "message"))
                                            : json_string_value(e);
        tt_errf(err, "%s %s: HTTP %ld%s%s", p->what, url, status, msg ? ": " : "", msg ? msg : "");
        json_decref(d);
        goto out;
    }
    if (!d) {
        tt_errf(err, "%s %s: response is not JSON (line %d: %s)", p->what, url, jerr.line,
                jerr.text);
        goto out;
    }
    *doc = d;
    *url_out = url;
    url = NULL;
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
    tt_buf_free(&resp.buf);
    free(url);
    return rc;
}
