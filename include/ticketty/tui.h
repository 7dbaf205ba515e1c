/*
 * tui.h: the full-screen console and the framework other modules plug into.
 *
 * Only src/tui/term.c calls curses.  Everything else draws into a struct
 * tt_canvas, an in-memory grid of cells (one UTF-8 character, its width and a
 * theme role each); the terminal backend copies the grid to the screen, and
 * tests dump it as text for golden comparisons.  Screens never see curses.
 *
 * Pieces, and how a module extends the console (no shared list is edited: the
 * build collects definitions that start a line in any src/ file, the way the
 * command table is made, see scripts/gen-tui-list.sh):
 *   - Screens: `const struct tt_screen_type tt_screen_NAME = {...};`  A screen
 *     is a stack entry with draw/action/resize/free callbacks and a key table;
 *     `:NAME [ARG]` opens it, and .open_key opens it from the queue.
 *   - Queue columns: `const struct tt_queue_column tt_qcol_NAME = {...};`
 *     ordered by .order (id 10, priority 20, status 30, subject 40,
 *     requester 50, organisation 60, updated 80; an SLA column fits at 70).
 *   - Ticket-screen panels: `const struct tt_panel tt_panel_NAME = {...};`
 *     stacked in the side column by .order (customer 10).
 *   - Status-line slots: `const struct tt_status_slot tt_slot_NAME = {...};`
 *     polled on every tick, or set at run time with tt_app_status_set().
 * Key bindings are tables (key, action, help); `?` help, `ticketty keys` and
 * the man page come from the same rows.  Colours are semantic roles (the
 * X-macro TT_ROLES below) mapped to colours by theme files in themes/.
 *
 * Ownership: the app owns the screen stack and frees screens with their free
 * callback.  Strings passed to drawing functions are copied into the grid.
 * Every string from the store must go through tt_sanitize() before drawing;
 * the canvas also drops any control character it is handed.
 */
#ifndef TICKETTY_TUI_H
#define TICKETTY_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ticketty/config.h"
#include "ticketty/err.h"
#include "ticketty/model.h"
#include "ticketty/store.h"

/* ---- theme roles ---------------------------------------------------------- */

/* X(enum suffix, name in theme files) */
#define TT_ROLES(X)                                                                                \
    X(NORMAL, "normal")                                                                            \
    X(TITLE, "title")                                                                              \
    X(HEADER, "header")                                                                            \
    X(SELECTION, "selection")                                                                      \
    X(STATUS_LINE, "status_line")                                                                  \
    X(PROMPT, "prompt")                                                                            \
    X(MUTED, "muted")                                                                              \
    X(ERROR, "error")                                                                              \
    X(LABEL, "label")                                                                              \
    X(PANEL_TITLE, "panel_title")                                                                  \
    X(BORDER, "border")                                                                            \
    X(PRIORITY_URGENT, "priority_urgent")                                                          \
    X(PRIORITY_HIGH, "priority_high")                                                              \
    X(PRIORITY_NORMAL, "priority_normal")                                                          \
    X(PRIORITY_LOW, "priority_low")                                                                \
    X(STATUS_NEW, "status_new")                                                                    \
    X(STATUS_OPEN, "status_open")                                                                  \
    X(STATUS_PENDING, "status_pending")                                                            \
    X(STATUS_SOLVED, "status_solved")                                                              \
    X(SLA_OK, "sla_ok")                                                                            \
    X(SLA_WARNING, "sla_warning")                                                                  \
    X(SLA_BREACHED, "sla_breached")                                                                \
    X(SLA_PAUSED, "sla_paused")                                                                    \
    X(AUTHOR_AGENT, "author_agent")                                                                \
    X(AUTHOR_END_USER, "author_end_user")                                                          \
    X(AUTHOR_BOT, "author_bot")                                                                    \
    X(INTERNAL_NOTE, "internal_note")                                                              \
    X(HEALTH_GOOD, "health_good")                                                                  \
    X(HEALTH_AT_RISK, "health_at_risk")                                                            \
    X(HEALTH_CRITICAL, "health_critical")                                                          \
    X(MATCH, "match")

enum tt_role {
#define TT_ROLE_ENUM(id, name) TT_ROLE_##id,
    TT_ROLES(TT_ROLE_ENUM)
#undef TT_ROLE_ENUM
        TT_ROLE__COUNT
};
const char *tt_role_name(enum tt_role r);
int tt_role_from_name(const char *name); /* -1 when unknown */

/* A role's look.  Colours: -1 = terminal default, 0..255 = palette index. */
#define TT_ATTR_BOLD      0x01
#define TT_ATTR_UNDERLINE 0x02
#define TT_ATTR_REVERSE   0x04
#define TT_ATTR_DIM       0x08
#define TT_ATTR_ITALIC    0x10
#define TT_ATTR_STANDOUT  0x20
struct tt_style {
    short fg, bg;
    unsigned attrs;
};
struct tt_theme {
    char *name;
    char *path;      /* file it came from, NULL for the built-in fallback */
    bool monochrome; /* no colours at all: attributes only */
    struct tt_style roles[TT_ROLE__COUNT];
};
/* Parse a theme from text (`role = fg bg [attr,...]` lines, `#` comments).
 * Roles the file does not name keep the built-in default.  Errors name
 * file:line.  Free with tt_theme_free. */
struct tt_theme *tt_theme_parse(const char *text, const char *file, struct tt_err *err);
/* Load theme `name` (a NAME.theme in the themes directory, or a path when it
 * contains '/').  NO_COLOR set and non-empty selects "monochrome" instead. */
struct tt_theme *tt_theme_load(const char *name, struct tt_err *err);
struct tt_theme *tt_theme_builtin(void); /* compiled-in default */
void tt_theme_free(struct tt_theme *t);
/* The themes directory: TICKETTY_THEMES, else <binary dir>/../themes when it
 * exists, else TT_DATADIR/themes.  Heap string. */
char *tt_themes_dir(void);

/* ---- the canvas: the one drawing layer ------------------------------------ */

struct tt_cell {
    char ch[32];  /* one grapheme cluster (a character and its marks, an emoji
                   * sequence), UTF-8, NUL-terminated ("" on a wide char's 2nd
                   * column); a longer cluster keeps the characters that fit */
    uint8_t w;    /* 1, 2 (wide), or 0 for the column a wide character spills into */
    uint8_t role; /* enum tt_role */
};
struct tt_canvas {
    int rows, cols;
    struct tt_cell *cells;
};
/* A rectangle of the canvas; drawing through it is clipped to it. */
struct tt_rect {
    int y, x, h, w;
};

struct tt_canvas *tt_canvas_new(int rows, int cols);
void tt_canvas_resize(struct tt_canvas *c, int rows, int cols);
void tt_canvas_free(struct tt_canvas *c);
void tt_canvas_clear(struct tt_canvas *c);
struct tt_rect tt_canvas_rect(const struct tt_canvas *c);
/* Fill a rectangle with blanks of role. */
void tt_draw_fill(struct tt_canvas *c, struct tt_rect r, enum tt_role role);
/* Set the role of every cell in a rectangle, keeping the characters. */
void tt_draw_role(struct tt_canvas *c, struct tt_rect r, enum tt_role role);
/* Draw text at row y (relative to r), column x, at most max_cols columns and
 * never past r's right edge.  Wide characters that do not fit are not split;
 * control characters are dropped.  Returns the columns used. */
int tt_draw_text(struct tt_canvas *c, struct tt_rect r, int y, int x, int max_cols,
                 enum tt_role role, const char *text);
/* Like tt_draw_text, ending with "…" when the text does not fit. */
int tt_draw_text_cut(struct tt_canvas *c, struct tt_rect r, int y, int x, int max_cols,
                     enum tt_role role, const char *text);
/* printf into tt_draw_text_cut. */
int tt_draw_printf(struct tt_canvas *c, struct tt_rect r, int y, int x, int max_cols,
                   enum tt_role role, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Horizontal rule of "─" across row y of r. */
void tt_draw_hline(struct tt_canvas *c, struct tt_rect r, int y, enum tt_role role);
/* The canvas as text: one line per row, trailing blanks removed.  Heap. */
char *tt_canvas_dump(const struct tt_canvas *c);
/* The text of one row (trailing blanks removed).  Heap. */
char *tt_canvas_row(const struct tt_canvas *c, int y);

/* ---- what the terminal backend sends of a cell (src/tui/glyph.c) --------- */

/* Samples whose width on the terminal decides how clusters of their kind go
 * out: an emoji ZWJ sequence (👩‍💻), a skin tone (👍🏽), VS16 on a narrow
 * symbol (❤️). */
enum tt_glyph_kind { TT_GLYPH_ZWJ, TT_GLYPH_MOD, TT_GLYPH_VS16, TT_GLYPH__COUNT };
extern const char *const tt_glyph_samples[TT_GLYPH__COUNT];
/* The columns the terminal advanced for each sample (0 = not measured). */
struct tt_glyph_caps {
    int adv[TT_GLYPH__COUNT];
};
#define TT_GLYPH_MAX 8
/* One cell as the backend sends it: cp[0..n) in one curses cell (whole
 * cluster, or its first character with its combining marks), which curses
 * counts as adv columns; the cell's columns after adv get pad (a blank, or a
 * flag's second half).  At most max code points (curses' CCHARW_MAX); caps
 * NULL = nothing measured. */
struct tt_glyph {
    unsigned int cp[TT_GLYPH_MAX];
    size_t n;
    int adv;
    unsigned int pad;
};
void tt_glyph_of(const char *cluster, int width, const struct tt_glyph_caps *caps, size_t max,
                 struct tt_glyph *g);

/* ---- the terminal's answers to the backend's questions (src/tui/answers.c) */

/* At start-up the backend asks where the cursor went (CPR, answered
 * ESC [ row ; col R) and what the terminal is (device attributes, answered
 * ESC [ ? params c).  The answers come in on the same input as keys, possibly
 * late (a slow link): these tell them apart. */
enum tt_term_answer {
    TT_ANSWER_NONE,    /* no answer: a key (M-x, an arrow, F3, Esc then a key) */
    TT_ANSWER_PARTIAL, /* all of it could begin an answer: wait for the rest */
    TT_ANSWER_CPR,     /* ESC [ row ; col R (also xterm's Alt-F3 with row 1, col 3) */
    TT_ANSWER_DA,      /* ESC [ ? params c (ESC [ params c too) */
};
/* What s[0..len) begins with.  For a CPR or a DA, *used is its length; for a
 * CPR *row and *col are set (any pointer may be NULL). */
enum tt_term_answer tt_term_answer(const char *s, size_t len, size_t *used, int *row, int *col);
struct tt_buf;
/* Take the answers out of in[0..len): every byte of no answer is appended
 * to keys as it came, each answer goes to fn (stopping when fn returns false).
 * Returns the bytes consumed: the rest, an answer begun, waits for more. */
size_t tt_term_answers_take(const char *in, size_t len, struct tt_buf *keys,
                            bool (*fn)(void *arg, enum tt_term_answer kind, int row, int col),
                            void *arg);

/* Word-wrap text (may hold '\n') to width columns: *lines_out gets a heap
 * array of heap strings.  Long words and CJK runs break between characters. */
size_t tt_wrap(const char *text, int width, char ***lines_out);
void tt_wrap_free(char **lines, size_t n);

/* ---- keys ----------------------------------------------------------------- */

/* Printable keys are their code point; these are the special keys. */
enum {
    TT_KEY_CTRL_A = 1, /* control keys: TT_KEY_CTRL('x') */
    TT_KEY_TAB = 9,
    TT_KEY_ENTER = 13,
    TT_KEY_ESC = 27,
    TT_KEY_BACKSPACE = 127,
    TT_KEY_UP = 0x110000,
    TT_KEY_DOWN,
    TT_KEY_LEFT,
    TT_KEY_RIGHT,
    TT_KEY_PGUP,
    TT_KEY_PGDN,
    TT_KEY_HOME,
    TT_KEY_END,
    TT_KEY_DELETE,
    TT_KEY_RESIZE,
    TT_KEY_TICK, /* the refresh timer fired */
    TT_KEY_F1,
    /* bracketed paste: the keys between these are pasted text, not commands */
    TT_KEY_PASTE_START,
    TT_KEY_PASTE_END,
};
#define TT_KEY_CTRL(c) ((c)&0x1f)
/* Alt (Meta) + key: the terminal sends ESC and the key at once; term.c reads
 * the pair as one key, so Alt-q is not Esc then q.  Named "M-q". */
#define TT_KEY_ALT_BIT 0x200000
#define TT_KEY_ALT(c)  ((c) | TT_KEY_ALT_BIT)
/* "j", "Down", "PgDn", "Enter", "Esc", "C-l", "Space" ... into buf. */
const char *tt_key_name(int key, char *buf, size_t size);

/* One key binding.  Several rows may share an action (j and Down); help
 * lists them together.  Tables end with a row whose key is 0. */
struct tt_binding {
    int key;
    int action;       /* the screen's own action number (> 0) */
    const char *help; /* "move down" */
};
/* The action bound to key in a table, or 0. */
int tt_binding_find(const struct tt_binding *map, int key);
/* Help text for a table: one line per action, "  j, Down      move down". */
void tt_bindings_format(const struct tt_binding *map, const char *title, FILE *out);

/* Actions of the app itself, bound in every screen after the screen's own. */
enum {
    TT_ACT_BACK = 1000, /* q / Esc: close the screen (quit on the last) */
    TT_ACT_QUIT,
    TT_ACT_HELP,
    TT_ACT_COMMAND,
    TT_ACT_REDRAW,
    TT_ACT_INTERRUPT, /* C-c: cancel a prompt; elsewhere ask before quitting */
};
extern const struct tt_binding tt_global_keys[];

/* ---- the app and its screens ---------------------------------------------- */

struct tt_app;
struct tt_screen;

struct tt_screen_type {
    const char *name;  /* ":NAME" opens it; shown in the title bar */
    const char *title; /* human title for help and the title bar */
    const char *usage; /* argument of :NAME for help, or NULL */
    const struct tt_binding *keys;
    bool list_keys; /* also take the list-view keys (j/k/PgDn/g/G ...) */
    int open_key;   /* key on the queue that opens this screen (0: none) */
    int order;      /* listing order in help and `ticketty keys` */
    /* Create the screen; arg is the rest of the `:` command (may be ""). */
    struct tt_screen *(*open)(struct tt_app *app, const char *arg, struct tt_err *err);
    void (*draw)(struct tt_screen *s, struct tt_app *app, struct tt_canvas *c, struct tt_rect r);
    /* Handle an action from .keys; return true when handled. */
    bool (*action)(struct tt_screen *s, struct tt_app *app, int action);
    /* Optional: a `:` command the screen understands (words split on blanks);
     * return 1 handled, 0 not mine, -1 error (message set with tt_app_message). */
    int (*command)(struct tt_screen *s, struct tt_app *app, int argc, char **argv);
    /* Optional: the content rectangle changed size. */
    void (*resize)(struct tt_screen *s, struct tt_app *app, int rows, int cols);
    /* Optional: the refresh timer fired (reload what may have changed). */
    void (*tick)(struct tt_screen *s, struct tt_app *app);
    /* Optional: a filter line was edited (screens with a `/` filter). */
    void (*filter)(struct tt_screen *s, struct tt_app *app, const char *text);
    void (*free)(struct tt_screen *s);
    /* Optional: the title-bar label of this instance ("Ticket #42"); default .title. */
    void (*label)(struct tt_screen *s, char *buf, size_t size);
};

/* Base of every screen: embed it first in the screen's own struct. */
struct tt_screen {
    const struct tt_screen_type *type;
    struct tt_screen *below; /* stack: the screen `q` returns to */
};

extern const struct tt_screen_type *const tt_screen_types[];
extern const size_t tt_screen_types_count;
const struct tt_screen_type *tt_screen_type_find(const char *name);

struct tt_app_opts {
    struct tt_store *store;
    const struct tt_config *config; /* may be NULL (defaults) */
    struct tt_theme *theme;         /* owned by the caller; NULL: built-in */
    int rows, cols;                 /* initial size */
};
/* A console without a terminal: feed keys, render to a canvas.  The queue
 * screen is opened first. */
struct tt_app *tt_app_new(const struct tt_app_opts *o, struct tt_err *err);
void tt_app_free(struct tt_app *app);
/* Feed one key (TT_KEY_*, or a code point); returns false when the app quit. */
bool tt_app_key(struct tt_app *app, int key);
/* Feed a string of printable keys (tests). */
bool tt_app_keys(struct tt_app *app, const char *keys);
void tt_app_resize(struct tt_app *app, int rows, int cols);
/* Draw the whole screen into c (resized to the app's size). */
void tt_app_render(struct tt_app *app, struct tt_canvas *c);
bool tt_app_running(const struct tt_app *app);

/* What screens use. */
struct tt_store *tt_app_store(struct tt_app *app);
const struct tt_config *tt_app_config(struct tt_app *app);
int64_t tt_app_now(struct tt_app *app); /* tt_now() at the last tick */
void tt_app_push(struct tt_app *app, struct tt_screen *s);
/* Open a registered screen by name with arg; a failure becomes a message. */
bool tt_app_open(struct tt_app *app, const char *name, const char *arg);
/* A one-line message in the status line until the next key. */
void tt_app_message(struct tt_app *app, enum tt_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Ask for another frame right after this one is on the terminal, so a screen
 * can show "searching..." before slow work.  Returns false without a
 * terminal (headless/tests): then do the work now. */
bool tt_app_redraw_soon(struct tt_app *app);
/* Start the `/` filter prompt with the current text; edits call .filter. */
void tt_app_filter_start(struct tt_app *app, const char *current);
/* Open the `:` command prompt holding text (e.g. "status "), for keys that
 * ask for a value. */
void tt_app_command_start(struct tt_app *app, const char *text);
/* Run fn with the terminal handed back to the shell (an editor, a pager),
 * then restore the screen and repaint everything.  Without a terminal
 * (headless, tests) fn simply runs.  Returns fn's result. */
int tt_app_external(struct tt_app *app, int (*fn)(void *ud), void *ud);
/* True when the app drives a real terminal (not headless). */
bool tt_app_has_terminal(const struct tt_app *app);

/* ---- status line slots ---------------------------------------------------- */

/* A slot polled on every tick and on every render after a key.  Write the text
 * (already sanitised) into buf; return false to hide the slot. */
struct tt_status_slot {
    const char *name; /* "sync", "outbox" */
    int order;        /* left to right */
    bool (*text)(struct tt_app *app, char *buf, size_t size, enum tt_role *role);
};
extern const struct tt_status_slot *const tt_status_slots[];
extern const size_t tt_status_slots_count;
/* Set (text non-NULL) or clear a named slot at run time; it shows at the right
 * of the status line after the registered slots. */
void tt_app_status_set(struct tt_app *app, const char *name, enum tt_role role, const char *text);

/* ---- columns: how list screens fit a narrow terminal ----------------------- */

/* One column of a list screen (the queue, breaching, health). */
struct tt_col_spec {
    int width;     /* cells; 0 = flexible: shares what the others leave */
    int min_width; /* flexible: the least it should get (0: 10) */
    int drop;      /* narrow terminal: while a flexible column would get less
                    * than its min_width, shown columns are dropped, highest
                    * drop first (ties: the rightmost); 0 = kept */
    int min_flex;  /* shown only while the flexible columns still get this
                    * much (a nice-to-have column); 0 = their min_width */
};
/* Fit n columns into `width` cells with one blank between shown columns:
 * w[i] is column i's width, or -1 when dropped.  Columns go in drop order;
 * when only kept columns are left and a flexible column still cannot have its
 * min_width, fixed columns go too (the rightmost first) until it has, or the
 * whole width.  The shown widths plus the blanks never exceed width, so no
 * cell is drawn past the screen edge.  Pure arithmetic (unit-tested). */
void tt_columns_fit(const struct tt_col_spec *spec, size_t n, int width, int *w);

/* ---- list view: the shared scrolling-list widget --------------------------- */

/* Cursor and scroll state of a list whose rows are fetched by the owner.
 * total < 0 means unknown (the list grows as rows are found). */
struct tt_listview {
    int64_t cur, top;
    int64_t total; /* -1 = unknown */
    int height;    /* visible rows */
};
enum {
    TT_LV_DOWN = 1,
    TT_LV_UP,
    TT_LV_PGDN,
    TT_LV_PGUP,
    TT_LV_HOME,
    TT_LV_END,
};
/* Move by one of TT_LV_*; `known` is how many rows are known to exist
 * (used while total is unknown).  Keeps the cursor visible. */
void tt_listview_move(struct tt_listview *lv, int how, int64_t known);
void tt_listview_clamp(struct tt_listview *lv, int64_t known);
/* Draw the visible rows of a list into r (one row each): row() draws row
 * `index` into its one-line rectangle; the cursor row then gets the
 * selection role.  Sets lv->height to r.h and keeps the cursor visible. */
void tt_listview_draw(struct tt_listview *lv, int64_t known, struct tt_canvas *c, struct tt_rect r,
                      void (*row)(void *ud, int64_t index, struct tt_canvas *c,
                                  struct tt_rect line),
                      void *ud);
/* The list bindings (j/k/arrows/PgUp/PgDn/g/G) map to TT_LV_* actions. */
extern const struct tt_binding tt_listview_keys[];

/* ---- queue columns --------------------------------------------------------- */

struct tt_queue_column {
    const char *name;  /* "sla" */
    const char *title; /* header text */
    int order;
    int width;     /* columns; 0 = takes the remaining width (subject) */
    int min_width; /* flexible column: the least it needs */
    bool optional; /* dropped first (highest order first) when the terminal is narrow */
    /* Narrower still (the subject would get less than its min_width): dropped
     * after the optional columns, highest .drop first; 0 = kept.  The standard
     * ones: updated 30, status 20, priority 10, id 5, SLA 2. */
    int drop;
    /* Write the cell (sanitised; text of a ticket with tt_text_copy, never cut
     * inside a character) into buf and pick its role (default NORMAL). */
    void (*cell)(struct tt_app *app, const struct tt_ticket *t, char *buf, size_t size,
                 enum tt_role *role);
};
extern const struct tt_queue_column *const tt_queue_columns[];
extern const size_t tt_queue_columns_count;
/* Column helpers shared by modules: "3m", "5h", "2d", "Mar 04", "2025-12-01". */
void tt_format_age(int64_t now, int64_t t, char *buf, size_t size);
enum tt_role tt_priority_role(enum tt_priority p);
enum tt_role tt_status_role(enum tt_status s);

/* ---- ticket-screen panels ------------------------------------------------- */

/* What a panel is given: the ticket (with joined names, description loaded). */
struct tt_panel_ctx {
    struct tt_app *app;
    struct tt_store *store;
    const struct tt_ticket *ticket;
    int64_t now;
};
struct tt_panel {
    const char *name;  /* "customer" */
    const char *title; /* panel heading */
    int order;
    /* Optional: load state when the ticket opens, and again when the database
     * changed (checked every tick).  draw runs on every tick with cx->now
     * updated, so countdowns move without reloading. */
    void *(*load)(const struct tt_panel_ctx *cx);
    /* Draw into r (clipped); return the rows used (0 hides the panel). */
    int (*draw)(const struct tt_panel_ctx *cx, void *state, struct tt_canvas *c, struct tt_rect r);
    void (*unload)(void *state);
};
extern const struct tt_panel *const tt_panels[];
extern const size_t tt_panels_count;
/* Helper for panels: "label  value" row; returns 1 (rows used). */
int tt_panel_field(struct tt_canvas *c, struct tt_rect r, int y, const char *label,
                   enum tt_role role, const char *value);

/* ---- the terminal ---------------------------------------------------------- */

struct tt_tui_opts {
    struct tt_store *store;
    const struct tt_config *config;
    struct tt_theme *theme; /* NULL: built-in */
    const char *message;    /* shown in the status line at start (a theme error) */
    int64_t open_ticket;    /* open this ticket over the queue first (0: none) */
    /* Benchmark mode (> 0): draw the first frame, page down once, print the
     * timings since this CLOCK_MONOTONIC time (ns) and the peak RSS to stderr,
     * and return. */
    int64_t bench_t0_ns;
};
/* Run the console on the terminal until the user quits. */
int tt_tui_run(const struct tt_tui_opts *o, struct tt_err *err);
/* Print every key table (global, then each screen) as text. */
void tt_tui_print_keys(FILE *out);
/* The same listing one key at a time, for `keys --json`: screen is "global"
 * (every screen), "command" (the `:` commands: key is the command as typed) or
 * a screen name; action is the table's action number (keys of one screen with
 * the same action are aliases), 0 for `:` commands and open keys. */
typedef void tt_tui_key_fn(void *arg, const char *screen, const char *key, int action,
                           const char *help);
void tt_tui_each_key(tt_tui_key_fn *fn, void *arg);

#endif
