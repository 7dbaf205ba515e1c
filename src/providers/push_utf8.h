/*
 * push_utf8.h: outgoing writes as valid UTF-8, made once by the outbox engine
 * (internal to src/providers/).
 *
 * jansson refuses invalid UTF-8: json_string() returns NULL and json_pack()
 * fails, so a reply saved in Latin-1 would reach the helpdesk without its body
 * (or a tag would vanish).  The outbox engine therefore hands every driver's
 * push a copy whose texts have each invalid byte replaced by U+FFFD.
 */
#ifndef TT_PUSH_UTF8_H
#define TT_PUSH_UTF8_H

#include "ticketty/provider.h"

struct tt_push_utf8 {
    struct tt_push push; /* the copy drivers send */
    char *owned[4];      /* its strings */
};

/* Fill h from in and return &h->push; free with tt_push_utf8_free. */
const struct tt_push *tt_push_utf8(const struct tt_push *in, struct tt_push_utf8 *h);
void tt_push_utf8_free(struct tt_push_utf8 *h);

#endif
