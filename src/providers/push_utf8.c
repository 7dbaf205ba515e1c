/*
 * push_utf8.c: see push_utf8.h.
 */
#include "push_utf8.h"

#include <stdlib.h>

#include "ticketty/text.h"

static const char *valid(const char *s, char **owned)
{
    *owned = s ? tt_utf8_valid(s) : NULL;
    return *owned;
}

const struct tt_push *tt_push_utf8(const struct tt_push *in, struct tt_push_utf8 *h)
{
    h->push = *in;
    h->push.ticket_ext = valid(in->ticket_ext, &h->owned[0]);
    h->push.body = valid(in->body, &h->owned[1]);
    h->push.value = valid(in->value, &h->owned[2]);
    h->push.idempotency_key = valid(in->idempotency_key, &h->owned[3]);
    return &h->push;
}

void tt_push_utf8_free(struct tt_push_utf8 *h)
{
    for (size_t i = 0; i < sizeof h->owned / sizeof h->owned[0]; i++) {
        free(h->owned[i]);
        h->owned[i] = NULL;
    }
}
