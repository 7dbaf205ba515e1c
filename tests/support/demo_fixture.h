/*
 * demo_fixture.h: the demo workspace in a test's store, as `demo init` makes
 * it, and the demo ticket the write-path tests answer (see demo_fixture.c).
 */
#ifndef TICKETTY_DEMO_FIXTURE_H
#define TICKETTY_DEMO_FIXTURE_H

#include <stdint.h>

struct tt_store;

/* Populate st with the demo (tickets, customers, seed, clock now) and bring
 * the SLA clocks up to date, as demo init does.  Fails the test on error. */
void tu_demo_workspace(struct tt_store *st, long tickets, int customers, uint64_t seed,
                       int64_t now);
/* A new demo ticket whose first reply is still due (no agent reply yet);
 * fails the test when the demo has none. */
int64_t tu_demo_new_ticket(struct tt_store *st);

#endif
