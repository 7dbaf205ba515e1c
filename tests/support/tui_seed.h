/*
 * tui_seed.h: deterministic tickets for the console's golden-screen tests,
 * written through the store API (English, Chinese and hostile text).
 */
#ifndef TICKETTY_TEST_TUI_SEED_H
#define TICKETTY_TEST_TUI_SEED_H

#include <stddef.h>
#include <stdint.h>

#include "ticketty/store.h"

/* Add n tickets (ids 1..n in insertion order) across up to 50 customers;
 * ticket i is updated at base - i*600 so the queue shows 1, 2, 3 ... first.
 * Every ticket gets a few conversation events unless `light`; then the SLA
 * clocks are computed (built-in policies), as sync and demo init do. */
int tu_tui_seed(struct tt_store *st, int64_t n, int64_t base, int light, struct tt_err *err);

/* What the seed writes, for tests that look for it on screen: ticket i's
 * subject is tu_tui_seed_subjects[(i - 1) % tu_tui_seed_n_subjects] (raw:
 * one holds escape sequences), and customer i (0 <= i <
 * TU_TUI_SEED_CUSTOMERS) is named by tu_tui_seed_customer_name. */
#define TU_TUI_SEED_CUSTOMERS 50
extern const char *const tu_tui_seed_subjects[];
extern const size_t tu_tui_seed_n_subjects;
void tu_tui_seed_customer_name(int i, char *buf, size_t size);

#endif
