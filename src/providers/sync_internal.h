/*
 * sync_internal.h: what sync.c and outbox.c share (not for other modules).
 */
#ifndef TICKETTY_SYNC_INTERNAL_H
#define TICKETTY_SYNC_INTERNAL_H

#include "ticketty/http.h"
#include "ticketty/provider.h"
#include "ticketty/store.h"
#include "ticketty/sync.h"

/* Send the account's due outbox items through a connected driver. */
int tt_sync_push_items(struct tt_store *st, struct tt_provider *p, struct tt_http *h, int64_t acct,
                       int max_attempts, struct tt_sync_stats *s, struct tt_err *err);

#endif
