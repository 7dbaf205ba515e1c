/*
 * net_internal.h: what the net layer's clients share (src/net/ only).
 *
 *   tt_net_curl_init   libcurl's global set-up, once per process, before any
 *                      thread uses it (curl_global_init is not thread-safe).
 *   tt_net_post_json   one POST of a JSON body to an OpenAI-compatible server
 *                      (/chat/completions, /embeddings): the https rule, the
 *                      key as a Bearer header (wiped after use), limits,
 *                      timeouts, and the error the server gave.  The
 *                      per-account client in http.c is for helpdesks (budget,
 *                      retries, paging); these are one-shot calls.
 */
#ifndef TT_NET_INTERNAL_H
#define TT_NET_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "ticketty/err.h"

void tt_net_curl_init(void);

struct tt_net_post {
    const char *what;     /* "chat", "embeddings": starts every error message */
    const char *base_url; /* the configured URL, with or without the suffix */
    const char *suffix;   /* "/chat/completions", "/embeddings" */
    const char *key;      /* Bearer token, or NULL / "" for none */
    long timeout_s;       /* 0 = 30 */
    size_t max_bytes;     /* larger responses are refused */
};

/* POST body (not stolen) to base_url + suffix (the suffix is not doubled).
 * https only, plain http only to a loopback host.  On HTTP 200 with a JSON
 * document, *doc (caller decrefs) and *url (the endpoint, caller frees, for
 * messages) are set and 0 is returned; otherwise -1 with "WHAT URL: ..." in
 * err, naming the server's own error message when it sent one. */
int tt_net_post_json(const struct tt_net_post *p, json_t *body, json_t **doc, char **url,
                     struct tt_err *err);

#endif
