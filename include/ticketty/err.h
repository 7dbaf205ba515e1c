/*
 * err.h: how ticketty reports failure.
 *
 * Every function that can fail returns 0 (or a non-NULL pointer) on success and
 * -1 (or NULL) on failure, after writing a message for the user into the
 * caller's struct tt_err.  The message names the place (file and line, the
 * ticket, the JSON field, the URL) so the user can act on it.  Messages are
 * plain text; callers add context with tt_err_prefix() as the error travels up.
 */
#ifndef TICKETTY_ERR_H
#define TICKETTY_ERR_H

#include <stddef.h>

#define TT_ERR_MAX 1024

struct tt_err {
    char msg[TT_ERR_MAX];
};

/* Exit statuses of the command-line tool (documented in ticketty(1)). */
enum tt_exit {
    TT_EXIT_OK = 0,      /* success */
    TT_EXIT_FAIL = 1,    /* the operation failed (I/O, network, data) */
    TT_EXIT_USAGE = 2,   /* bad command line or invalid input document */
    TT_EXIT_PARTIAL = 3, /* some items failed (an account did not sync, ...) */
};

/* Format a message into err (which may be NULL) and return -1. */
int tt_errf(struct tt_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prepend "context: " to the message already in err; returns -1. */
int tt_err_prefix(struct tt_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline void tt_err_clear(struct tt_err *err)
{
    if (err)
        err->msg[0] = '\0';
}

#endif
