/*
 * kb_fake_embed.h: a loopback OpenAI-compatible /v1/embeddings server for the
 * kb tests (libmicrohttpd).  Each input text gets the 3-d vector (length,
 * number of 'a', 1); data[] comes back in reverse order with explicit indices,
 * so clients must honour "index".  status != 0 answers every request with that
 * HTTP status and {"error": {"message": "bad model"}}.
 */
#ifndef TICKETTY_KB_FAKE_EMBED_H
#define TICKETTY_KB_FAKE_EMBED_H

struct MHD_Daemon;

struct tu_embed_server {
    struct MHD_Daemon *d;
    int port;
    char auth[256]; /* Authorization header of the last request */
    int requests;
    int status;
    int inputs; /* strings in "input" of the last request */
    int drop;   /* answer with this many vectors fewer than inputs (a broken server) */
};

/* Listen on 127.0.0.1 (port 0 = any free port); fatal when it cannot. */
struct tu_embed_server *tu_embed_server_start(void);
struct tu_embed_server *tu_embed_server_start_on(int port);
void tu_embed_server_stop(struct tu_embed_server *s);

#endif
