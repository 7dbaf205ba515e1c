/*
 * notify.c: delivering alerts by webhook and SMTP with libcurl.
 *
 * The webhook body is Slack's incoming-webhook shape ({"text": "..."}), which
 * Mattermost, Rocket.Chat, Teams workflows and most chat relays accept.  Mail is
 * a minimal RFC 5322 text/plain UTF-8 message; header values are stripped of
 * CR/LF (no header injection from ticket subjects) and non-ASCII subjects are
 * RFC 2047 encoded.  TLS verification is always on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "ticketty/http.h"
#include "net_internal.h"
#include "ticketty/notify.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

void tt_notify_config_load(struct tt_notify_config *nc, const struct tt_config *cfg)
{
    memset(nc, 0, sizeof *nc);
    nc->webhook_url = tt_config_str(cfg, "notify.webhook_url");
    nc->smtp_url = tt_config_str(cfg, "notify.smtp.url");
    nc->smtp_from = tt_config_str(cfg, "notify.smtp.from");
    nc->smtp_user = tt_config_str(cfg, "notify.smtp.user");
    const char *env = tt_config_str(cfg, "notify.smtp.password_env");
    if (env && *env)
        nc->smtp_password = getenv(env);
    const char *tls = tt_config_str(cfg, "notify.smtp.tls");
    nc->tls = tt_streq(tls, "none")       ? TT_NOTIFY_TLS_NONE
              : tt_streq(tls, "required") ? TT_NOTIFY_TLS_REQUIRED
                                          : TT_NOTIFY_TLS_TRY;
    nc->timeout_seconds = (long)tt_config_int(cfg, "notify.timeout_seconds");
}

/* The URL as shown in messages: scheme://host[:port]/... only.  Webhook URLs
 * (Slack, Teams, Discord) carry their secret in the path and query, and SMTP
 * URLs may carry credentials, so neither the path nor user:password@ is
 * ever shown. */
char *tt_notify_redact(const char *url)
{
    if (!url)
        return xstrdup("");
    const char *scheme = strstr(url, "://");
    if (!scheme)
        return xstrdup(url);
    const char *host = scheme + 3;
    size_t hl = strcspn(host, "/?#");
    const char *at = memchr(host, '@', hl);
    bool creds = false;
    while (at) { /* the last '@' of the authority ends the userinfo */
        creds = true;
        hl -= (size_t)(at + 1 - host);
        host = at + 1;
        at = memchr(host, '@', hl);
    }
    bool rest = host[hl] != '\0';
    return xasprintf("%.*s%s%.*s%s", (int)(scheme + 3 - url), url, creds ? "***@" : "", (int)hl,
                     host, rest ? "/\xe2\x80\xa6" : "");
}

static void json_escape(struct tt_buf *b, const char *str)
{
    /* invalid UTF-8 (a customer name in Latin-1) would make the payload invalid JSON */
    char *s = tt_utf8_valid(str);
    tt_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            tt_buf_puts(b, "\\\"");
            break;
        case '\\':
            tt_buf_puts(b, "\\\\");
            break;
        case '\n':
            tt_buf_puts(b, "\\n");
            break;
        case '\t':
            tt_buf_puts(b, "\\t");
            break;
        default:
            if (*p < 0x20)
                tt_buf_printf(b, "\\u%04x", *p);
            else
                tt_buf_putc(b, (char)*p);
        }
    }
    tt_buf_putc(b, '"');
    free(s);
}

char *tt_notify_webhook_payload(const struct tt_notice *n)
{
    struct tt_buf text = {0}, b = {0};
    if (n->severity && *n->severity)
        tt_buf_printf(&text, "[%s] ", n->severity);
    tt_buf_printf(&text, "*%s*", n->title ? n->title : "");
    if (n->text && *n->text)
        tt_buf_printf(&text, "\n%s", n->text);
    tt_buf_puts(&b, "{\"text\":");
    json_escape(&b, tt_buf_str(&text));
    tt_buf_puts(&b, ",\"username\":\"ticketty\"}");
    tt_buf_free(&text);
    return tt_buf_steal(&b);
}

static size_t sink_write(char *p, size_t size, size_t nmemb, void *ud)
{
    struct tt_buf *b = ud;
    if (b->len < 512)
        tt_buf_append(b, p, size * nmemb);
    return size * nmemb;
}

int tt_notify_webhook(const struct tt_notify_config *nc, const char *url, const struct tt_notice *n,
                      struct tt_err *err)
{
    if (!url)
        url = nc->webhook_url;
    if (!url || !*url)
        return tt_errf(err, "no webhook URL (set notify.webhook_url)");
    tt_net_curl_init();
    CURL *c = curl_easy_init();
    if (!c)
        return tt_errf(err, "webhook: cannot initialise libcurl");
    char *body = tt_notify_webhook_payload(n);
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    struct tt_buf resp = {0};
    char ebuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "ticketty/" TT_VERSION);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, nc->timeout_seconds > 0 ? nc->timeout_seconds : 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    char *shown = tt_notify_redact(url);
    int ret = 0;
    /* A server may echo the request path (the webhook's secret) in its reply:
     * then the reply is not quoted. */
    const char *reply = tt_buf_str(&resp);
    const char *path = strstr(url, "://");
    path = path ? path + 3 + strcspn(path + 3, "/?#") : "";
    if (strlen(path) > 1 && strstr(reply, path + 1))
        reply = "(reply not shown: it quotes the webhook URL)";
    if (rc != CURLE_OK)
        ret = tt_errf(err, "webhook %s: %s", shown, ebuf[0] ? ebuf : curl_easy_strerror(rc));
    else if (status < 200 || status >= 300)
        ret = tt_errf(err, "webhook %s: HTTP %ld %.200s", shown, status, reply);
    free(shown);
    tt_buf_free(&resp);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(c);
    free(body);
    return ret;
}

/* ---- SMTP ----------------------------------------------------------------- */

/* A header value on one line. */
static void put_header_value(struct tt_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++)
        tt_buf_putc(b, (*p == '\r' || *p == '\n') ? ' ' : *p);
}

static void put_subject(struct tt_buf *b, const char *s)
{
    bool ascii = true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        ascii &= *p < 0x80;
    if (ascii) {
        put_header_value(b, s);
        return;
    }
    /* RFC 2047 base64 encoded words, split on character boundaries. */
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = (const unsigned char *)s;
    bool first = true;
    while (*p) {
        size_t n = 0;
        while (p[n] && n < 39) {
            size_t cl = p[n] < 0x80    ? 1
                        : p[n] >= 0xf0 ? 4
                        : p[n] >= 0xe0 ? 3
                        : p[n] >= 0xc0 ? 2
                                       : 1;
            if (n + cl > 42)
                break;
            n += cl;
        }
        unsigned char chunk[48];
        size_t k = 0;
        for (size_t i = 0; i < n && p[i]; i++)
            chunk[k++] = (p[i] == '\r' || p[i] == '\n') ? ' ' : p[i];
        tt_buf_puts(b, first ? "=?UTF-8?B?" : "\r\n =?UTF-8?B?");
        for (size_t i = 0; i < k; i += 3) {
            unsigned v = (unsigned)chunk[i] << 16;
            if (i + 1 < k)
                v |= (unsigned)chunk[i + 1] << 8;
            if (i + 2 < k)
                v |= chunk[i + 2];
            tt_buf_putc(b, b64[(v >> 18) & 63]);
            tt_buf_putc(b, b64[(v >> 12) & 63]);
            tt_buf_putc(b, i + 1 < k ? b64[(v >> 6) & 63] : '=');
            tt_buf_putc(b, i + 2 < k ? b64[v & 63] : '=');
        }
        tt_buf_puts(b, "?=");
        first = false;
        p += n;
    }
}

static void rfc5322_date(struct tt_buf *b, int64_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    tt_buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* An address without anything that could break the envelope or headers. */
static bool addr_ok(const char *a, size_t len)
{
    if (len == 0 || len > 254)
        return false;
    size_t at = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)a[i];
        if (ch <= ' ' || ch == '<' || ch == '>' || ch == ',' || ch == '"' || ch == 0x7f)
            return false;
        if (ch == '@')
            at++;
    }
    return at == 1 && a[0] != '@' && a[len - 1] != '@';
}

struct upload {
    const char *data;
    size_t len, off;
};

static size_t upload_read(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct upload *u = ud;
    size_t n = size * nmemb;
    if (n > u->len - u->off)
        n = u->len - u->off;
    memcpy(ptr, u->data + u->off, n);
    u->off += n;
    return n;
}

int tt_notify_email(const struct tt_notify_config *nc, const char *to, const struct tt_notice *n,
                    struct tt_err *err)
{
    if (!nc->smtp_url || !*nc->smtp_url)
        return tt_errf(err, "no SMTP server (set notify.smtp.url)");
    if (!nc->smtp_from || !addr_ok(nc->smtp_from, strlen(nc->smtp_from)))
        return tt_errf(err, "notify.smtp.from: '%s' is not an e-mail address",
                       nc->smtp_from ? nc->smtp_from : "");
    if (tt_has_prefix(to, "mailto:"))
        to += 7;
    struct curl_slist *rcpt = NULL;
    struct tt_buf tohdr = {0};
    for (const char *p = to ? to : ""; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *end = e;
        while (end > p && end[-1] == ' ')
            end--;
        if (end > p) {
            if (!addr_ok(p, (size_t)(end - p))) {
                curl_slist_free_all(rcpt);
                tt_buf_free(&tohdr);
                return tt_errf(err, "'%.*s' is not an e-mail address", (int)(end - p), p);
            }
            char *a = xasprintf("<%.*s>", (int)(end - p), p);
            rcpt = curl_slist_append(rcpt, a);
            free(a);
            tt_buf_printf(&tohdr, "%s%.*s", tohdr.len ? ", " : "", (int)(end - p), p);
        }
        p = e;
    }
    if (!rcpt) {
        tt_buf_free(&tohdr);
        return tt_errf(err, "no e-mail recipient");
    }
    struct tt_buf msg = {0};
    int64_t now = tt_now();
    tt_buf_puts(&msg, "Date: ");
    rfc5322_date(&msg, now);
    tt_buf_printf(&msg, "\r\nFrom: ticketty <%s>\r\nTo: %s\r\nSubject: ", nc->smtp_from,
                  tt_buf_str(&tohdr));
    struct tt_buf subj = {0};
    if (n->severity && *n->severity)
        tt_buf_printf(&subj, "[%s] ", n->severity);
    tt_buf_puts(&subj, n->title ? n->title : "");
    put_subject(&msg, tt_buf_str(&subj));
    tt_buf_free(&subj);
    const char *dom = strchr(nc->smtp_from, '@');
    static unsigned counter;
    tt_buf_printf(&msg, "\r\nMessage-ID: <%lld.%u.%ld@%s>\r\n", (long long)now,
                  __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED), (long)clock(), dom + 1);
    tt_buf_puts(&msg, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n");
    const char *body = n->text ? n->text : "";
    for (const char *p = body; *p; p++) {
        if (*p == '\n' && (p == body || p[-1] != '\r'))
            tt_buf_putc(&msg, '\r');
        tt_buf_putc(&msg, *p);
    }
    tt_buf_puts(&msg, "\r\n");

    /* A password must not cross the network in clear: with a user set and a
     * server that is not on loopback, STARTTLS is mandatory (CURLUSESSL_ALL, so
     * a stripped STARTTLS fails instead of falling back), and tls: none is
     * refused. */
    bool auth = nc->smtp_user && *nc->smtp_user;
    bool implicit_tls = tt_has_prefix(nc->smtp_url, "smtps:");
    bool must_tls = auth && !implicit_tls && !tt_http_is_loopback_url(nc->smtp_url);
    if (must_tls && nc->tls == TT_NOTIFY_TLS_NONE) {
        char *shown = tt_notify_redact(nc->smtp_url);
        curl_slist_free_all(rcpt);
        tt_buf_free(&tohdr);
        tt_buf_free(&msg);
        tt_errf(err,
                "smtp %s: notify.smtp.tls is none but notify.smtp.user is set: refusing to "
                "send the password in clear (use tls: required or an smtps:// URL)",
                shown);
        free(shown);
        return -1;
    }
    tt_net_curl_init();
    CURL *c = curl_easy_init();
    if (!c) {
        curl_slist_free_all(rcpt);
        tt_buf_free(&tohdr);
        tt_buf_free(&msg);
        return tt_errf(err, "smtp: cannot initialise libcurl");
    }
    struct upload up = {msg.data, msg.len, 0};
    char ebuf[CURL_ERROR_SIZE] = "";
    char *from = xasprintf("<%s>", nc->smtp_from);
    curl_easy_setopt(c, CURLOPT_URL, nc->smtp_url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, nc->timeout_seconds > 0 ? nc->timeout_seconds : 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    if (!implicit_tls)
        curl_easy_setopt(c, CURLOPT_USE_SSL,
                         nc->tls == TT_NOTIFY_TLS_REQUIRED || must_tls ? (long)CURLUSESSL_ALL
                         : nc->tls == TT_NOTIFY_TLS_TRY                ? (long)CURLUSESSL_TRY
                                                                       : (long)CURLUSESSL_NONE);
    if (auth) {
        curl_easy_setopt(c, CURLOPT_USERNAME, nc->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, nc->smtp_password ? nc->smtp_password : "");
    }
    CURLcode rc = curl_easy_perform(c);
    int ret = 0;
    if (rc != CURLE_OK) {
        char *shown = tt_notify_redact(nc->smtp_url);
        ret = tt_errf(err, "smtp %s to %s: %s", shown, tt_buf_str(&tohdr),
                      ebuf[0] ? ebuf : curl_easy_strerror(rc));
        free(shown);
    }
    curl_easy_cleanup(c);
    curl_slist_free_all(rcpt);
    free(from);
    tt_buf_free(&tohdr);
    tt_buf_free(&msg);
    return ret;
}

bool tt_notify_dest_valid(const char *dest)
{
    if (!dest || !*dest)
        return false;
    if (strcmp(dest, "webhook") == 0 || tt_has_prefix(dest, "http://") ||
        tt_has_prefix(dest, "https://"))
        return true;
    if (tt_has_prefix(dest, "mailto:"))
        dest += 7;
    bool any = false;
    for (const char *p = dest; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *end = e;
        while (end > p && end[-1] == ' ')
            end--;
        if (end > p) {
            if (!addr_ok(p, (size_t)(end - p)))
                return false;
            any = true;
        }
        p = e;
    }
    return any;
}

int tt_notify_send(const struct tt_notify_config *nc, const char *dest, const struct tt_notice *n,
                   struct tt_err *err)
{
    if (!dest || !*dest)
        return tt_errf(err, "empty notification destination");
    if (strcmp(dest, "webhook") == 0)
        return tt_notify_webhook(nc, NULL, n, err);
    if (tt_has_prefix(dest, "http://") || tt_has_prefix(dest, "https://"))
        return tt_notify_webhook(nc, dest, n, err);
    if (!tt_notify_dest_valid(dest))
        return tt_errf(err,
                       "'%s' is not a notification destination (webhook, a URL or an "
                       "e-mail address)",
                       dest);
    return tt_notify_email(nc, dest, n, err);
}
