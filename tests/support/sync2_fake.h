/*
 * sync2_fake.h: loopback fake Freshdesk and Intercom servers for the driver
 * tests (on the fakesrv plumbing, libmicrohttpd), serving paginated data shaped like the real APIs
 * (paths, query parameters, bodies and headers as in ../shared/providers)
 * and injecting faults on request.
 *
 * The data set is deterministic: ticket i (0-based) has updated_at
 * base_time + 10*i, a requester contact, a company with plan/MRR/CSM custom
 * fields, and `comments` conversations (Freshdesk) or parts (Intercom).
 * Writes (replies, notes, updates, tags) change the data and are logged.
 * Handlers run on the daemon's one thread; the test thread's calls lock.
 */
#ifndef TICKETTY_SYNC2_FAKE_H
#define TICKETTY_SYNC2_FAKE_H

#include <stdbool.h>
#include <stdint.h>

enum s2_provider { S2_FRESHDESK, S2_INTERCOM };

enum s2_fault {
    S2_F_429,       /* 429 + Retry-After 1 and the provider's rate-limit headers */
    S2_F_500,       /* 500 with a JSON error */
    S2_F_DROP,      /* Content-Length promised, half the body sent, connection closed */
    S2_F_TRUNCATE,  /* 200 with the first half of the JSON body */
    S2_F_MALFORMED, /* 200 with an HTML error page instead of JSON */
    S2_F_401,       /* 401 with the provider's error body */
    S2_F_404,       /* 404: the resource vanished (deleted meanwhile) */
};

struct s2_fake_opts {
    enum s2_provider provider;
    int tickets, comments, contacts, companies;
    int64_t base_time; /* updated_at of ticket 0 */
    const char *token; /* expected credential (API key / access token) */
    int port;          /* 0 = any free port */
};

struct s2_fake;
struct s2_fake *s2_fake_start(const struct s2_fake_opts *o);
void s2_fake_stop(struct s2_fake *f);
const char *s2_fake_url(const struct s2_fake *f);  /* http://127.0.0.1:PORT */
struct fakesrv *s2_fake_server(struct s2_fake *f); /* for fs_fault() and counters */

/* The next `times` requests whose "METHOD /path" contains `match` fail with
 * `kind` (match NULL = any request); 429 and 401 come shaped like the
 * provider's own (Freshdesk Retry-After + X-RateLimit-*, Intercom
 * X-RateLimit-Reset without Retry-After). */
void s2_fake_fault(struct s2_fake *f, enum s2_fault kind, const char *match, int times);
/* Requests so far whose "METHOD /path" contains match (NULL = all). */
int s2_fake_hits(struct s2_fake *f, const char *match);
/* Body of the last request containing match, or NULL (heap). */
char *s2_fake_last_body(struct s2_fake *f, const char *match);
/* Freeze after `n` more responses: further requests block until released
 * (lets a test kill a client at a known point); n < 0 releases. */
void s2_fake_hold_after(struct s2_fake *f, int n);
int s2_fake_held(struct s2_fake *f); /* requests currently blocked */

/* Data changes, as if made on the provider's side.  Out of process (the
 * sync2_fakeprov tool): GET /__control?touch=I or ?delete=I. */
void s2_fake_touch(struct s2_fake *f, int i, int64_t updated_at, bool add_comment);
void s2_fake_delete(struct s2_fake *f, int i, int64_t at);
void s2_fake_spam(struct s2_fake *f, int i, int64_t at); /* Freshdesk: marked spam */
/* External id of ticket i; comments (conversations/parts) it has now. */
const char *s2_fake_ticket_id(struct s2_fake *f, int i);
int s2_fake_comments(struct s2_fake *f, int i);
/* Current JSON of ticket i as the provider's single GET returns it (heap). */
char *s2_fake_ticket_json(struct s2_fake *f, int i);

#endif
