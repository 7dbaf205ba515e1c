/*
 * embeddings.h: a client for OpenAI-compatible /v1/embeddings servers (OpenAI,
 * Ollama, llama.cpp server, vLLM).  Owned by the kb module; lives in src/net/
 * (the only libcurl caller) and does its own HTTP so it depends on nothing else.
 *
 * The API key is passed in by the caller (read from an environment variable or
 * a command, see kb.embeddings.key_env / key_cmd) and never written to logs or
 * error messages.
 */
#ifndef TICKETTY_EMBEDDINGS_H
#define TICKETTY_EMBEDDINGS_H

#include <stddef.h>

#include "ticketty/err.h"

struct tt_embeddings_req {
    const char *url; /* base ("http://host:11434/v1") or the full .../embeddings URL */
    const char *model;
    const char *key; /* bearer token or NULL */
    long timeout_s;  /* 0: 30 */
};

/* Embed n texts.  out gets n * (*dim) floats in input order.  When *dim is 0 it
 * is set from the response; otherwise a response of another size is an error. */
int tt_embeddings_fetch(const struct tt_embeddings_req *req, const char *const *texts, size_t n,
                        float *out, size_t out_cap, int *dim, struct tt_err *err);

#endif
