/*
 * kb_fake_embed.c: see kb_fake_embed.h.
 */
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fake_embed.h"
#include "ticketty/util.h"

struct conn {
    struct tt_buf body;
};

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **ptr)
{
    struct tu_embed_server *fk = cls;
    struct conn *cn = *ptr;
    if (!cn) {
        cn = xcalloc(1, sizeof *cn);
        *ptr = cn;
        return MHD_YES;
    }
    if (*size) {
        tt_buf_append(&cn->body, data, *size);
        *size = 0;
        return MHD_YES;
    }
    fk->requests++;
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    snprintf(fk->auth, sizeof fk->auth, "%s", auth ? auth : "");
    /* Answer with one 3-d vector per input: (len, count of 'a', 1), in reverse
     * order with explicit indices. */
    struct tt_buf out = {0};
    int status = fk->status ? fk->status : 200;
    if (status != 200 || strcmp(url, "/v1/embeddings") != 0) {
        tt_buf_puts(&out, "{\"error\":{\"message\":\"bad model\"}}");
        if (status == 200)
            status = 404;
    } else {
        const char *in = strstr(tt_buf_str(&cn->body), "\"input\":[");
        size_t n = 0;
        double vals[16][3];
        for (const char *p = in ? in + 9 : ""; *p == '"' && n < 16;) {
            const char *e = strchr(p + 1, '"');
            double a = 0;
            for (const char *q = p + 1; q < e; q++)
                a += *q == 'a';
            vals[n][0] = (double)(e - p - 1);
            vals[n][1] = a;
            vals[n][2] = 1;
            n++;
            p = e + 1;
            if (*p == ',')
                p++;
        }
        fk->inputs = (int)n;
        n = fk->drop > 0 && (size_t)fk->drop <= n ? n - (size_t)fk->drop : n;
        tt_buf_puts(&out, "{\"object\":\"list\",\"data\":[");
        for (size_t i = n; i-- > 0;)
            tt_buf_printf(&out, "%s{\"index\":%zu,\"embedding\":[%g,%g,%g]}", i + 1 == n ? "" : ",",
                          i, vals[i][0], vals[i][1], vals[i][2]);
        tt_buf_puts(&out, "]}");
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(out.len, out.data, MHD_RESPMEM_MUST_COPY);
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    tt_buf_free(&out);
    return rc;
}

static void done(void *cls, struct MHD_Connection *c, void **ptr,
                 enum MHD_RequestTerminationCode code)
{
    struct conn *cn = *ptr;
    if (cn) {
        tt_buf_free(&cn->body);
        free(cn);
    }
    *ptr = NULL;
}

struct tu_embed_server *tu_embed_server_start_on(int port)
{
    struct tu_embed_server *fk = xcalloc(1, sizeof *fk);
    fk->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, handle,
                             fk, MHD_OPTION_NOTIFY_COMPLETED, done, fk, MHD_OPTION_END);
    if (!fk->d)
        tt_fatal("fake embeddings server: cannot listen on port %d", port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(fk->d, MHD_DAEMON_INFO_BIND_PORT);
    fk->port = info->port;
    return fk;
}

struct tu_embed_server *tu_embed_server_start(void)
{
    return tu_embed_server_start_on(0);
}

void tu_embed_server_stop(struct tu_embed_server *fk)
{
    if (!fk)
        return;
    MHD_stop_daemon(fk->d);
    free(fk);
}
