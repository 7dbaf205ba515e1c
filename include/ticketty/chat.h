/*
 * chat.h: triage classification by an OpenAI-compatible chat completions
 * endpoint (OpenAI, Ollama, llama.cpp server, vLLM), for teams that run one.
 * Owned by the triage module; lives in src/net/ (the only libcurl caller).
 *
 * The model is asked to pick one label from a closed list and answer with a
 * JSON object {"label": "...", "confidence": 0..1}.  An answer naming a label
 * outside the list, or no parsable answer, is an error (the caller falls back
 * to the built-in classifier).  The confidence is the model's own estimate and
 * is NOT calibrated; triage caps it (triage.llm.max_confidence).
 * The API key is passed in by the caller (from an environment variable) and
 * never appears in logs or error messages.  https is required except on
 * loopback hosts.
 */
#ifndef TICKETTY_CHAT_H
#define TICKETTY_CHAT_H

#include <stddef.h>

#include "ticketty/err.h"

struct tt_chat_req {
    const char *url; /* base ("http://127.0.0.1:11434/v1") or the full .../chat/completions */
    const char *model;
    const char *key; /* bearer token or NULL */
    long timeout_s;  /* 0: 30 */
};

/* Classify text into one of labels[0..n).  *label gets the index, *confidence
 * the model's stated confidence (0.5 when it gave none). */
int tt_chat_classify(const struct tt_chat_req *req, const char *const *labels, size_t n,
                     const char *text, int *label, double *confidence, struct tt_err *err);

#endif
