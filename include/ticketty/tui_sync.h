/*
 * tui_sync.h: the console's side of sync (src/tui/sync_console.c): ticket
 * screen keys and `:` commands that queue replies, notes and field changes in
 * the outbox; the status-line slots for the outbox and each account's sync
 * state; and the background sync.
 *
 * The console never talks HTTP and never parses provider JSON: it reads the
 * store and queues outbox items.  Background sync is a child process
 * (`ticketty --db DB --config FILE sync`, output discarded) started every
 * sync.interval_seconds and right after the agent queues something; it
 * writes pages and sync status to the database, which the console re-reads
 * on every tick.  Owner: the sync helper.
 */
#ifndef TICKETTY_TUI_SYNC_H
#define TICKETTY_TUI_SYNC_H

#include <stdbool.h>

#include "ticketty/model.h"
#include "ticketty/tui.h"

/* A ticket-screen key: 'r' reply, 'n' note (editor), 's' status, 'P'
 * priority, 'a' assignee, 't' tags (open the `:` prompt), 'R' retry.
 * Returns true when the ticket may have changed (reload it). */
bool tt_tui_sync_key(struct tt_app *app, const struct tt_ticket *t, int key);
/* Ticket-screen commands: status S, priority P, assign AGENT, group GROUP,
 * tags EDITS, reply, note, retry, sync.  1 handled, 0 not ours, -1 error. */
int tt_tui_sync_command(struct tt_app *app, const struct tt_ticket *t, int argc, char **argv);
/* Start a background sync now (unless one is running). */
void tt_tui_sync_soon(struct tt_app *app);
/* Stop the background sync child, if one runs: SIGTERM, wait up to 3 s, then
 * SIGKILL, and reap it.  Called when the console quits.  Killing is safe: a
 * page and its cursor are written in one transaction, and an outbox item
 * killed in "sending" is checked against the helpdesk by its idempotency key
 * before it is sent again, so it is never posted twice. */
void tt_tui_sync_stop(void);

#endif
