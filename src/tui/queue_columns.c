/*
 * queue_columns.c: the queue's standard columns.  Each is one definition; the
 * build collects them (any module may add one the same way, see tui.h), and
 * the queue lays them out by .order: id 10, priority 20, status 30,
 * subject 40 (flexible), requester 50, organisation 60, updated 80.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ticketty/text.h"
#include "ticketty/tui.h"
#include "ticketty/util.h"

void tt_format_age(int64_t now, int64_t t, char *buf, size_t size)
{
    if (t <= 0) {
        snprintf(buf, size, "-");
        return;
    }
    int64_t d = now - t;
    if (d < 0) {
        char iso[21];
        snprintf(buf, size, "%.10s", tt_time_iso(t, iso));
    } else if (d < 60) {
        snprintf(buf, size, "%llds ago", (long long)d);
    } else if (d < 3600) {
        snprintf(buf, size, "%lldm ago", (long long)(d / 60));
    } else if (d < 86400) {
        snprintf(buf, size, "%lldh ago", (long long)(d / 3600));
    } else if (d < 86400 * 60) {
        snprintf(buf, size, "%lldd ago", (long long)(d / 86400));
    } else {
        char iso[21];
        snprintf(buf, size, "%.10s", tt_time_iso(t, iso));
    }
}

enum tt_role tt_priority_role(enum tt_priority p)
{
    switch (p) {
    case TT_PRIORITY_URGENT:
        return TT_ROLE_PRIORITY_URGENT;
    case TT_PRIORITY_HIGH:
        return TT_ROLE_PRIORITY_HIGH;
    case TT_PRIORITY_LOW:
        return TT_ROLE_PRIORITY_LOW;
    default:
        return TT_ROLE_PRIORITY_NORMAL;
    }
}

enum tt_role tt_status_role(enum tt_status s)
{
    switch (s) {
    case TT_STATUS_NEW:
        return TT_ROLE_STATUS_NEW;
    case TT_STATUS_OPEN:
        return TT_ROLE_STATUS_OPEN;
    case TT_STATUS_PENDING:
    case TT_STATUS_ON_HOLD:
        return TT_ROLE_STATUS_PENDING;
    default:
        return TT_ROLE_STATUS_SOLVED;
    }
}

static void put_clean(char *buf, size_t size, const char *s)
{
    char *clean = tt_sanitize(s ? s : "", 0);
    tt_text_copy(buf, size, clean); /* never a character or cluster cut in two */
    free(clean);
}

static void cell_id(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                    enum tt_role *role)
{
    snprintf(buf, size, "%lld", (long long)t->id);
}

static void cell_priority(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                          enum tt_role *role)
{
    snprintf(buf, size, "%s", tt_priority_name(t->priority));
    *role = tt_priority_role(t->priority);
}

static void cell_status(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                        enum tt_role *role)
{
    snprintf(buf, size, "%s", tt_status_name(t->status));
    *role = tt_status_role(t->status);
}

static void cell_subject(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                         enum tt_role *role)
{
    put_clean(buf, size, t->subject);
}

static void cell_requester(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                           enum tt_role *role)
{
    put_clean(buf, size, t->requester ? t->requester : t->requester_email);
}

static void cell_org(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                     enum tt_role *role)
{
    put_clean(buf, size, t->organization);
}

static void cell_updated(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                         enum tt_role *role)
{
    tt_format_age(tt_app_now(app), t->updated_at, buf, size);
    *role = TT_ROLE_MUTED;
}

/* On a narrow terminal the subject keeps at least 18 cells: requester and
 * organisation go first, then (.drop) the last update, status, priority and
 * the id; the SLA countdown (sla.c) goes last. */
/* clang-format off */
const struct tt_queue_column tt_qcol_id = {
    .name = "id", .title = "#", .order = 10, .width = 7, .drop = 5, .cell = cell_id};
const struct tt_queue_column tt_qcol_priority = {
    .name = "priority", .title = "Priority", .order = 20, .width = 8, .drop = 10,
    .cell = cell_priority};
const struct tt_queue_column tt_qcol_status = {
    .name = "status", .title = "Status", .order = 30, .width = 8, .drop = 20,
    .cell = cell_status};
const struct tt_queue_column tt_qcol_subject = {
    .name = "subject", .title = "Subject", .order = 40, .width = 0, .min_width = 18,
    .cell = cell_subject};
const struct tt_queue_column tt_qcol_requester = {
    .name = "requester", .title = "Requester", .order = 50, .width = 16, .optional = true,
    .cell = cell_requester};
const struct tt_queue_column tt_qcol_organization = {
    .name = "organization", .title = "Organisation", .order = 60, .width = 16,
    .optional = true, .cell = cell_org};
const struct tt_queue_column tt_qcol_updated = {
    .name = "updated", .title = "Updated", .order = 80, .width = 10, .drop = 30,
    .cell = cell_updated};
/* clang-format on */
