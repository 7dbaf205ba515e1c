/*
 * fake_embeddings.c: the loopback /v1/embeddings fake (tests/support/
 * kb_fake_embed.c) as a process for end-to-end tests.  Prints its port on
 * the first line of standard output and serves until standard input closes
 * or it is terminated.  usage: fake_embeddings [PORT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kb_fake_embed.h"

int main(int argc, char **argv)
{
    struct tu_embed_server *s = tu_embed_server_start_on(argc > 1 ? atoi(argv[1]) : 0);
    printf("%d\n", s->port);
    fflush(stdout);
    char buf[256];
    while (read(0, buf, sizeof buf) > 0)
        ;
    tu_embed_server_stop(s);
    return 0;
}
