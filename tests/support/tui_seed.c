/*
 * tui_seed.c: deterministic tickets for the console's tests (see tui_seed.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_seed.h"
#include "ticketty/store_sla.h"
#include "ticketty/util.h"

const char *const tu_tui_seed_subjects[] = {
    "Cannot log in after password reset",
    "Invoice shows the wrong VAT number",
    "SSO with Okta fails with a SAML error",
    "导出报表时出现乱码",
    "Webhook deliveries are delayed by an hour",
    "How do I add a second admin?",
    "Hostile \x1b[31mred\x1b[0m \x1b]0;pwned\x07subject",
    "Billing: charged twice this month",
    "API rate limit hit on the bulk endpoint",
    "账户无法升级到企业版，请帮忙处理",
};
const size_t tu_tui_seed_n_subjects = TT_ARRAY_LEN(tu_tui_seed_subjects);

void tu_tui_seed_customer_name(int i, char *buf, size_t size)
{
    if (i == 7)
        snprintf(buf, size, "北京数据科技有限公司");
    else
        snprintf(buf, size, "Org %02d Ltd", i);
}

static const char *const bodies[] = {
    ("Hi team,\n\nsince this morning none of our agents can log in. We reset the password "
     "as your article says but the login page keeps returning to the start.\n\nThanks, Dana"),
    "你好，我们在导出月度报表的时候，中文字段全部变成了乱码，请问应该如何设置编码？谢谢！",
    "Hello \x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ here \x1b[2J and \x07 bell.",
};

int tu_tui_seed(struct tt_store *st, int64_t n, int64_t base, int light, struct tt_err *err)
{
    int64_t acct;
    if (tt_store_account_upsert(st, "local", "local", NULL, &acct, err) < 0)
        return -1;
    if (tt_store_begin(st, err) < 0)
        return -1;
    enum { NCUST = TU_TUI_SEED_CUSTOMERS };
    int64_t cust[NCUST], contact[NCUST];
    static const char *const plans[] = {"free", "pro", "enterprise"};
    for (int i = 0; i < NCUST; i++) {
        char key[32], name[64], ext[32], person[64], email[96];
        snprintf(key, sizeof key, "org-%02d", i);
        tu_tui_seed_customer_name(i, name, sizeof name);
        struct tt_customer c = {.key = key,
                                .name = name,
                                .plan = (char *)plans[i % 3],
                                .mrr = 100.0 * (i + 1),
                                .subscription_status = "active",
                                .created_at = base - (int64_t)(i + 1) * 86400 * 40,
                                .login_days_last_30 = 10,
                                .tickets_last_90_days = 3,
                                .resolved_tickets_last_90_days = 2,
                                .current_month_usage = 10,
                                .previous_month_usage = 12,
                                .failed_payments_last_90_days = 0};
        if (tt_store_customer_upsert(st, &c, &cust[i], err) < 0)
            goto fail;
        snprintf(ext, sizeof ext, "u%d", i);
        if (i == 7)
            snprintf(person, sizeof person, "王小明");
        else
            snprintf(person, sizeof person, "Person %02d", i);
        snprintf(email, sizeof email, "p%d@example.com", i);
        struct tt_contact p = {.account_id = acct,
                               .external_id = ext,
                               .name = person,
                               .email = email,
                               .customer_id = cust[i]};
        if (tt_store_contact_upsert(st, &p, &contact[i], err) < 0)
            goto fail;
    }
    for (int64_t i = 1; i <= n; i++) {
        char ext[32], subject[160];
        snprintf(ext, sizeof ext, "T%lld", (long long)i);
        snprintf(subject, sizeof subject, "%s",
                 tu_tui_seed_subjects[(i - 1) % tu_tui_seed_n_subjects]);
        int k = (int)((i * 7) % NCUST);
        struct tt_ticket t = {.account_id = acct,
                              .external_id = ext,
                              .subject = subject,
                              .description = (char *)bodies[i % TT_ARRAY_LEN(bodies)],
                              .status = (enum tt_status)(i % TT_STATUS__COUNT),
                              .priority = (enum tt_priority)(i % TT_PRIORITY__COUNT),
                              .channel = "email",
                              .requester_id = contact[k],
                              .customer_id = cust[k],
                              .created_at = base - i * 600 - 7200,
                              .updated_at = base - i * 600};
        int64_t id;
        if (tt_store_ticket_upsert(st, &t, &id, err) < 0)
            goto fail;
        if (light)
            continue;
        struct tt_event e = {.ticket_id = id,
                             .at = t.created_at,
                             .type = TT_EV_COMMENT,
                             .author_role = TT_AUTHOR_END_USER,
                             .author = "Requester",
                             .public = true,
                             .body = t.description};
        if (tt_store_event_add(st, &e, NULL, err) < 0)
            goto fail;
        struct tt_event note = {.ticket_id = id,
                                .at = t.created_at + 600,
                                .type = TT_EV_COMMENT,
                                .author_role = TT_AUTHOR_AGENT,
                                .author = "Alex Agent",
                                .public = false,
                                .body = "Checked the logs: the session cookie is rejected. "
                                        "Escalating to engineering."};
        if (tt_store_event_add(st, &note, NULL, err) < 0)
            goto fail;
        struct tt_event ch = {.ticket_id = id,
                              .at = t.created_at + 700,
                              .type = TT_EV_STATUS,
                              .author_role = TT_AUTHOR_AGENT,
                              .author = "Alex Agent",
                              .old_value = "new",
                              .new_value = "open"};
        if (tt_store_event_add(st, &ch, NULL, err) < 0)
            goto fail;
        struct tt_event reply = {.ticket_id = id,
                                 .at = t.created_at + 900,
                                 .type = TT_EV_COMMENT,
                                 .author_role = TT_AUTHOR_AGENT,
                                 .author = "Alex Agent",
                                 .public = true,
                                 .body = "Thanks for the report. We found the cause and a fix "
                                         "is rolling out; please try again in ten minutes."};
        if (tt_store_event_add(st, &reply, NULL, err) < 0)
            goto fail;
    }
    if (tt_store_commit(st, err) < 0)
        return -1;
    /* SLA clocks, as sync and demo init leave them (the queue sorts by them) */
    return light ? 0 : tt_sla_refresh_pending(st, NULL, err);
fail:
    tt_store_rollback(st);
    return -1;
}
