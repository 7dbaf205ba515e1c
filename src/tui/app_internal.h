/*
 * app_internal.h: what the console's own files share (never included outside
 * src/tui/).
 */
#ifndef TICKETTY_TUI_APP_INTERNAL_H
#define TICKETTY_TUI_APP_INTERNAL_H

#include "ticketty/tui.h"
#include "ticketty/util.h"

/* What the status line is asking for: a `:` command, the `/` filter, or the
 * answer to "Quit ticketty?" (C-c outside a prompt; y or C-c again quits). */
enum tt_prompt_mode { TT_PROMPT_NONE, TT_PROMPT_COMMAND, TT_PROMPT_FILTER, TT_PROMPT_QUIT };

struct tt_app {
    struct tt_store *store;
    const struct tt_config *config;
    struct tt_theme *theme;
    int rows, cols;
    int64_t now;
    bool running;
    bool redraw;  /* C-l: the terminal should repaint everything */
    bool again;   /* tt_app_redraw_soon: render again once this frame is shown */
    int cursor_x; /* prompt cursor column on the last row, -1 = hidden */
    struct tt_screen *top;
    char *message;
    enum tt_role message_role;
    enum tt_prompt_mode prompt_mode;
    bool pasting;      /* between TT_KEY_PASTE_START and _END: text, not commands */
    size_t paste_from; /* the prompt's length when the paste started */
    struct tt_buf prompt;
    char *prompt_saved; /* filter text before the prompt opened (Esc restores) */
    struct {
        char *name, *text;
        enum tt_role role;
    } * dyn;
    size_t n_dyn;
    /* set by the terminal: is a key waiting?  (long queries give way to it) */
    bool (*input_pending)(void *arg);
    void *input_arg;
    /* set by the terminal: hand the terminal back (true) / take it again */
    void (*suspend)(struct tt_app *app, bool on);
};

/* Run store reads so they stop early when a key is waiting (see
 * tt_store_set_interrupt); bracket the queries with these two. */
void tt_app_interruptible(struct tt_app *app, bool on);

struct tt_rect tt_app_content_rect(const struct tt_app *app);

/* Triage (src/tui/triage.c): accept the suggestion for a ticket; false with a
 * message on failure. */
bool tt_tui_triage_accept(struct tt_app *app, int64_t ticket_id);
void tt_app_print_commands(FILE *out);
/* Call fn for each `:` command of the app (name as shown in help, help). */
void tt_app_each_command(void (*fn)(void *arg, const char *name, const char *help), void *arg);

#endif
