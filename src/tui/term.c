/*
 * term.c: the terminal backend, the only file that calls curses.
 *
 * It copies the app's canvas to the screen (curses itself sends only what
 * changed), maps curses keys to TT_KEY_*, turns theme roles into colour
 * pairs and attributes, and runs the input loop: input is read with a
 * timeout so the app gets a tick every ui.tick_seconds without blocking
 * keys, and keys already typed are all handled before the next frame so
 * typing into the filter never waits for a redraw per key.
 *
 * C-c is a key, not a signal: the terminal's interrupt character is switched
 * off in curses' program mode (cbreak, ISIG kept so C-z still suspends), so
 * C-c reaches the app in order with the keys typed around it (a SIGINT would
 * make the tty driver flush typed-ahead input) and the app decides: cancel
 * the prompt, or ask before quitting.  A SIGINT from elsewhere (kill -INT)
 * only sets a flag the loop turns into the same key; SIGTERM and SIGHUP set
 * a flag that ends the loop, so every way out runs the same clean-up: the
 * background sync stopped, endwin() restoring the terminal.  The shell's
 * terminal modes (endwin, an editor run from the console) keep C-c as is.
 *
 * Emoji sequences: at start-up the terminal is asked how wide it draws a ZWJ
 * sequence, a skin tone and ❤️ (probe_glyphs); a cell's whole cluster goes
 * out only where the terminal advances as far as curses counts (glyph.c),
 * so the columns after it stay where the canvas put them.  Answers that come
 * after the probe stopped waiting (a slow link) never act as keys: the key
 * path takes them out while they are expected (late_key, answers.c).
 */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <poll.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "app_internal.h"
#include "ticketty/text.h"
#include "ticketty/tui_sync.h"
#include "ticketty/util.h"

/* Set by the signal handlers, read and cleared by the input loop. */
static volatile sig_atomic_t got_sigint, got_sigterm, got_sigcont;

static void on_signal(int sig)
{
    if (sig == SIGINT)
        got_sigint = 1;
    else if (sig == SIGCONT)
        got_sigcont = 1;
    else
        got_sigterm = 1;
}

struct saved_signals {
    struct sigaction intr, term, hup, cont;
};

/* Before newterm: curses then leaves these alone (it only catches signals
 * whose action is the default).  No SA_RESTART, so a signal can cut a wait
 * for input short. */
static void catch_signals(struct saved_signals *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    got_sigint = got_sigterm = got_sigcont = 0;
    sigaction(SIGINT, &sa, &old->intr);
    sigaction(SIGTERM, &sa, &old->term);
    sigaction(SIGHUP, &sa, &old->hup);
    /* back from C-z (fg): the shell turned bracketed paste off on its way */
    sigaction(SIGCONT, &sa, &old->cont);
}

static void restore_signals(const struct saved_signals *old)
{
    sigaction(SIGINT, &old->intr, NULL);
    sigaction(SIGTERM, &old->term, NULL);
    sigaction(SIGHUP, &old->hup, NULL);
    sigaction(SIGCONT, &old->cont, NULL);
}

/* C-c as a key: no interrupt character in the console's terminal mode, saved
 * as curses' program mode so every reset_prog_mode (after an editor, after
 * C-z) brings it back.  If the terminal refuses, the SIGINT flag stands in. */
static void intr_as_key(void)
{
    struct termios tio;
    if (tcgetattr(STDIN_FILENO, &tio) < 0)
        return;
    tio.c_cc[VINTR] = _POSIX_VDISABLE;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
        def_prog_mode();
}

static bool key_waiting(void *arg)
{
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    return poll(&pfd, 1, 0) > 0;
}

/* Bracketed paste: the terminal wraps pasted text in ESC [200~ ... ESC [201~,
 * which curses turns into these two keys (define_key), so a pasted reply is
 * text and its line breaks are not Enter (see tt_app_key).  On while the
 * console has the terminal, off for the shell and the editor. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END   (KEY_MAX + 2)

static void bracketed_paste(bool on)
{
    fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
    fflush(stdout);
}

static void suspend_terminal(struct tt_app *app, bool on)
{
    (void)app;
    if (on) {
        def_prog_mode();
        endwin();
        bracketed_paste(false);
    } else {
        bracketed_paste(true);
        reset_prog_mode();
        clearok(curscr, TRUE);
        refresh();
        /* a C-c typed in the editor was the editor's, not a question for us */
        got_sigint = 0;
    }
}

static void restore_terminal(void)
{
    if (!isendwin())
        endwin();
    bracketed_paste(false);
}

static bool utf8_locale(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static attr_t role_attrs[TT_ROLE__COUNT];

static short fit_colour(short c)
{
    if (c < 0)
        return -1;
    if (c >= COLORS)
        return c >= 8 && c < 16 ? (short)(c - 8) : -1;
    return c;
}

static void setup_theme(const struct tt_theme *theme)
{
    bool colour = has_colors() && !theme->monochrome;
    if (colour) {
        start_color();
        use_default_colors();
    }
    for (int i = 0; i < TT_ROLE__COUNT; i++) {
        const struct tt_style *st = &theme->roles[i];
        attr_t a = A_NORMAL;
        if (st->attrs & TT_ATTR_BOLD)
            a |= A_BOLD;
        if (st->attrs & TT_ATTR_UNDERLINE)
            a |= A_UNDERLINE;
        if (st->attrs & TT_ATTR_REVERSE)
            a |= A_REVERSE;
        if (st->attrs & TT_ATTR_DIM)
            a |= A_DIM;
        if (st->attrs & TT_ATTR_STANDOUT)
            a |= A_STANDOUT;
#ifdef A_ITALIC
        if (st->attrs & TT_ATTR_ITALIC)
            a |= A_ITALIC;
#endif
        if (colour && i + 1 < COLOR_PAIRS) {
            short fg = fit_colour(st->fg), bg = fit_colour(st->bg);
            /* bright colours on an 8-colour terminal: the base colour, bold */
            if (st->fg >= 8 && st->fg < 16 && COLORS < 16)
                a |= A_BOLD;
            init_pair((short)(i + 1), fg, bg);
            a |= COLOR_PAIR(i + 1);
        } else if (!colour &&
                   (i == TT_ROLE_SELECTION || i == TT_ROLE_TITLE || i == TT_ROLE_STATUS_LINE) &&
                   !(a & (A_REVERSE | A_STANDOUT))) {
            a |= A_REVERSE; /* without colour these must still stand out */
        }
        role_attrs[i] = a;
    }
}

/* How far the terminal moves for each kind of emoji sequence (glyph.c), as
 * measured by probe_glyphs: decides which clusters go out whole. */
static struct tt_glyph_caps glyph_caps;

/* One cell with code points cp[0..n): setcchar keeps the first and the
 * non-spacing ones after it and stops at the next spacing character (the 💻
 * of 👩‍💻), so the rest are stored in the cell as they are: ncurses sends
 * every character of a cell and counts it as wide as its first. */
static void set_cell(cchar_t *cc, const unsigned int *cp, size_t n, attr_t a)
{
    wchar_t wch[CCHARW_MAX + 1] = {0};
    for (size_t k = 0; k < n && k < CCHARW_MAX; k++)
        wch[k] = (wchar_t)cp[k];
    setcchar(cc, wch, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
#ifdef NCURSES_VERSION
    for (size_t k = 1; k < CCHARW_MAX; k++)
        cc->chars[k] = k < n ? (wchar_t)cp[k] : 0;
#endif
}

static void flush(const struct tt_app *app, const struct tt_canvas *c)
{
    for (int y = 0; y < c->rows; y++) {
        for (int x = 0; x < c->cols; x++) {
            const struct tt_cell *cell = &c->cells[(size_t)y * (size_t)c->cols + (size_t)x];
            if (cell->w == 0)
                continue;
            struct tt_glyph g;
            tt_glyph_of(cell->ch[0] ? cell->ch : " ", cell->w, &glyph_caps, CCHARW_MAX, &g);
            cchar_t cc;
            attr_t a = role_attrs[cell->role < TT_ROLE__COUNT ? cell->role : 0];
            set_cell(&cc, g.cp, g.n, a);
            mvadd_wch(y, x, &cc);
            /* the cell's columns curses does not count: a flag's second half
             * (sent right after the first, a terminal joining them draws the
             * flag in the same two columns), else a blank */
            for (int pad = g.adv; pad < cell->w && x + pad < c->cols; pad++) {
                unsigned int p = pad == g.adv ? g.pad : ' ';
                set_cell(&cc, &p, 1, a);
                mvadd_wch(y, x + pad, &cc);
            }
        }
    }
    if (app->cursor_x >= 0) {
        curs_set(1);
        move(c->rows - 1, app->cursor_x);
    } else {
        curs_set(0);
    }
}

/* The probe's answers still to come after it stopped waiting for them (a
 * slow link, a loaded machine): they reach the key path as keys, which must
 * not act (late_key).  Expected until the DA answer, which comes last, or for
 * LATE_MS at most from the key loop's first wait (a first frame slow to come
 * does not use the time up: the answers wait in the input meanwhile).  When
 * every answer came whole and in order, the columns measured late are used
 * from then on. */
#define LATE_MS     5000 /* how long the key loop expects them */
#define LATE_GAP_MS 200  /* how far apart one answer's bytes may come */

static struct {
    bool expecting;
    int64_t until_ms; /* 0: the key loop has not waited for a key yet */
    char seq[48];     /* an answer begun, its bytes so far (ESC alone: an Esc
                       * went to the app; a '[' next would go on from it) */
    size_t n;
    int got; /* CPRs so far, the probe's included */
    int adv[TT_GLYPH__COUNT];
    bool clean; /* no answer lost, none too many */
} late;

/* One answer, in the probe or late: a CPR is the next sample's column; the
 * DA answer, the last, ends the answers (and sets *(bool *)arg). */
static bool note_answer(void *arg, enum tt_term_answer kind, int row, int col)
{
    if (kind == TT_ANSWER_DA) {
        if (arg)
            *(bool *)arg = true;
        return false;
    }
    /* the samples are written on row 1: any other answer is not theirs */
    if (late.got >= TT_GLYPH__COUNT || row != 1 || col < 1)
        late.clean = false;
    if (late.got < TT_GLYPH__COUNT)
        late.adv[late.got++] = col > 0 ? col - 1 : 0;
    return true;
}

/* Keys typed during the probe go back to curses in order: a character as
 * itself (unget_wch), other bytes (a key's ESC sequence) as they came. */
static void push_back_keys(const char *k, size_t len)
{
    size_t *at = xmalloc((len + 1) * sizeof *at), n = 0; /* where each unit starts */
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        at[n++] = i;
        i += tt_utf8_decode(k + i, len - i, &cp);
    }
    for (size_t u = n; u-- > 0;) { /* pushed back last first */
        size_t end = u + 1 < n ? at[u + 1] : len;
        unsigned int cp;
        if (end - at[u] > 1 && tt_utf8_decode(k + at[u], end - at[u], &cp) == end - at[u] &&
            unget_wch((wchar_t)cp) == OK)
            continue;
        for (size_t b = end; b-- > at[u];)
            ungetch((unsigned char)k[b]);
    }
    free(at);
}

/* Measure how many columns the terminal draws each sample of tt_glyph_samples
 * in: write it at the top-left corner and ask where the cursor went (CPR,
 * ESC [6n, answered ESC [row;colR), then ask for the device attributes
 * (ESC [c), which every terminal answers: its answer coming first means no
 * CPR is coming.  Waits at most 250 ms, once at start-up; a terminal that
 * does not answer leaves every sample unmeasured (clusters go out as their
 * first character, as before), and what answers come later are taken out of
 * the keys (late_key).  Keys typed meanwhile go back to curses. */
static void probe_glyphs(void)
{
    memset(&glyph_caps, 0, sizeof glyph_caps);
    memset(&late, 0, sizeof late);
    late.clean = true;
    struct tt_buf q = {0};
    for (int i = 0; i < TT_GLYPH__COUNT; i++)
        tt_buf_printf(&q, "\033[1;1H%s\033[6n", tt_glyph_samples[i]);
    tt_buf_puts(&q, "\033[c\033[1;1H\033[2K");
    fwrite(q.data, 1, q.len, stdout);
    fflush(stdout);
    tt_buf_free(&q);
    char in[512];
    size_t len = 0;
    bool done = false;
    struct tt_buf keys = {0};
    int64_t end = mono_ns() / 1000000 + 250;
    while (!done) {
        int64_t left = end - mono_ns() / 1000000;
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
        if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
            break;
        ssize_t r = read(STDIN_FILENO, in + len, sizeof in - len);
        if (r <= 0)
            break;
        len += (size_t)r;
        /* take the answers out; the rest is typeahead (a partial answer at
         * the end waits for its bytes) */
        size_t i = tt_term_answers_take(in, len, &keys, note_answer, &done);
        memmove(in, in + i, len - i);
        len -= i;
        if (len == sizeof in)
            break;
    }
    if (late.got == TT_GLYPH__COUNT) /* else a CPR lost: trust none */
        memcpy(glyph_caps.adv, late.adv, sizeof glyph_caps.adv);
    if (!done) {
        late.expecting = true;
        if (len > 1 && len <= sizeof late.seq) { /* an answer cut short */
            memcpy(late.seq, in, len);
            late.n = len;
            len = 0;
        }
    }
    tt_buf_append(&keys, in, len);
    push_back_keys(keys.data, keys.len);
    tt_buf_free(&keys);
}

/* A late answer: the columns measured, once every answer came in clean. */
static void late_answer(enum tt_term_answer kind, int row, int col)
{
    late.n = 0;
    if (note_answer(NULL, kind, row, col))
        return;
    late.expecting = false;
    if (late.clean && late.got == TT_GLYPH__COUNT &&
        memcmp(glyph_caps.adv, late.adv, sizeof late.adv) != 0) {
        memcpy(glyph_caps.adv, late.adv, sizeof glyph_caps.adv);
        clearok(curscr, TRUE); /* the next frame goes out with them */
    }
}

/* An answer begun in late.seq: what it is so far. */
static enum tt_term_answer late_seq(void)
{
    size_t used = 0;
    int row = 0, col = 0;
    enum tt_term_answer kind = tt_term_answer(late.seq, late.n, &used, &row, &col);
    if (kind == TT_ANSWER_CPR || kind == TT_ANSWER_DA) {
        if (used != late.n) /* a byte after it: no answer after all */
            return TT_ANSWER_NONE;
        late_answer(kind, row, col);
    }
    return kind;
}

/* While the probe's answers are expected: is this input (part of) one?  Then
 * *key is what the app gets: 0, or TT_KEY_ESC for an ESC that nothing
 * followed within LATE_GAP_MS.  Answers come as bytes (ESC, '[', digits...)
 * or, where the terminal description has a key of that shape (xterm's
 * modified F1-F4: ESC [ 1 ; 3 R is Alt-F3), as that key. */
static bool late_key(int rc, wint_t wch, int *key)
{
    if (!late.expecting)
        return false;
    if (late.until_ms && mono_ns() / 1000000 > late.until_ms) {
        late.expecting = false;
        return false;
    }
    *key = 0;
    if (rc == KEY_CODE_YES) {
        if (late.n > 1)
            late.clean = false;
        late.n = 0;
        char *bound = keybound((int)wch, 0);
        size_t used = 0, blen = bound ? strlen(bound) : 0;
        int row = 0, col = 0;
        bool cpr = bound && tt_term_answer(bound, blen, &used, &row, &col) == TT_ANSWER_CPR &&
                   used == blen;
        free(bound);
        if (cpr)
            late_answer(TT_ANSWER_CPR, row, col);
        return cpr;
    }
    if (late.n > 0) { /* an answer cut short: its next byte? */
        if (wch < 0x80 && wch != 27 && late.n < sizeof late.seq) {
            late.seq[late.n++] = (char)wch;
            if (late_seq() != TT_ANSWER_NONE)
                return true;
        }
        if (late.n > 2)
            late.clean = false; /* bytes of an answer lost: trust none */
        late.n = 0;
    }
    if (wch != 27)
        return false;
    /* ESC: an answer's bytes come together, or nearly (a slow link may cut
     * them anywhere): read on while they could be one */
    late.seq[0] = 27;
    late.n = 1;
    enum tt_term_answer kind = TT_ANSWER_PARTIAL;
    while (kind == TT_ANSWER_PARTIAL) {
        wint_t next;
        timeout(LATE_GAP_MS);
        int r = get_wch(&next);
        if (r == ERR)
            break;
        if (r != OK || next >= 0x80 || next == 27 || late.n == sizeof late.seq) {
            /* no byte of an answer: read it next time round */
            if (r == KEY_CODE_YES)
                ungetch((int)next);
            else
                unget_wch((wchar_t)next);
            if (late.n > 1) { /* an answer begun and never ended: dropped */
                late.clean = false;
                late.n = 0;
                return true;
            }
            kind = TT_ANSWER_NONE;
            break;
        }
        late.seq[late.n++] = (char)next;
        kind = late_seq();
    }
    if (kind == TT_ANSWER_CPR || kind == TT_ANSWER_DA)
        return true;
    if (kind == TT_ANSWER_PARTIAL) {
        if (late.n > 1)
            return true;   /* cut short: the rest, when it comes, goes on from here */
        *key = TT_KEY_ESC; /* ESC alone: Esc (a '[' next would go on from it) */
        return true;
    }
    /* a key: ESC and what followed go back, to be read as before (M-x...) */
    for (size_t k = late.n; k-- > 1;)
        ungetch((unsigned char)late.seq[k]);
    late.n = 0;
    return false;
}

static int map_key(int rc, wint_t wch)
{
    if (rc == OK) {
        switch (wch) {
        case '\r':
        case '\n':
            return TT_KEY_ENTER;
        case 8:
        case 127:
            return TT_KEY_BACKSPACE;
        default:
            return (int)wch;
        }
    }
    switch (wch) {
    case KEY_UP:
        return TT_KEY_UP;
    case KEY_DOWN:
        return TT_KEY_DOWN;
    case KEY_LEFT:
        return TT_KEY_LEFT;
    case KEY_RIGHT:
        return TT_KEY_RIGHT;
    case KEY_PPAGE:
        return TT_KEY_PGUP;
    case KEY_NPAGE:
        return TT_KEY_PGDN;
    case KEY_HOME:
        return TT_KEY_HOME;
    case KEY_END:
        return TT_KEY_END;
    case KEY_DC:
        return TT_KEY_DELETE;
    case KEY_BACKSPACE:
        return TT_KEY_BACKSPACE;
    case KEY_ENTER:
        return TT_KEY_ENTER;
    case KEY_RESIZE:
        return TT_KEY_RESIZE;
    case KEY_F(1):
        return TT_KEY_F1;
    case KEY_PASTE_BEGIN:
        return TT_KEY_PASTE_START;
    case KEY_PASTE_END:
        return TT_KEY_PASTE_END;
    default:
        return 0;
    }
}

/* An ESC that is not a known key sequence: curses waited ESCDELAY for more
 * and gave the ESC alone.  When the next key is already in, the terminal sent
 * them together: Alt-key (ESC x) is one key, M-x, not Esc then x (Alt-q must
 * not go back and quit); an unknown CSI sequence (ESC [ ... final) is
 * swallowed whole; Esc before a special key, or Esc Esc, stays Esc. */
static int read_after_esc(void)
{
    wint_t next;
    timeout(0);
    int rc = get_wch(&next);
    if (rc == ERR)
        return TT_KEY_ESC;
    if (rc == KEY_CODE_YES || next == 27) {
        if (rc == KEY_CODE_YES)
            ungetch((int)next);
        else
            unget_wch(next);
        return TT_KEY_ESC;
    }
    if (next == '[') { /* parameters 0x20-0x3f up to a final byte 0x40-0x7e */
        for (int n = 0; n < 32 && get_wch(&next) == OK; n++)
            if (next >= 0x40 && next <= 0x7e)
                break;
        return 0;
    }
    int key = map_key(rc, next);
    return key ? TT_KEY_ALT(key) : 0;
}

static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static void bench_report(int64_t t0, int64_t first, double first_cpu, int64_t page)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr,
            "bench: first_frame_ms=%.2f first_frame_cpu_ms=%.2f page_down_ms=%.2f "
            "max_rss_kb=%ld\n",
            (double)(first - t0) / 1e6, first_cpu, (double)page / 1e6, ru.ru_maxrss);
}

static int run_console(const struct tt_tui_opts *o, struct tt_err *err)
{
    struct tt_theme *builtin = NULL;
    struct tt_theme *theme = o->theme;
    if (!theme)
        theme = builtin = tt_theme_builtin();
    /* newterm, not initscr: initscr prints curses' own bare "Error opening
     * terminal" and exits; this names TERM (environment input, sanitised) and
     * says how to fix it, and the caller exits 1. */
    const char *term = getenv("TERM");
    SCREEN *scr = term && *term ? newterm(NULL, stdout, stdin) : NULL;
    if (!scr) {
        tt_theme_free(builtin);
        if (!term || !*term)
            return tt_errf(err, "TERM is not set: the console needs a terminal type "
                                "(try TERM=xterm-256color)");
        char *safe = tt_sanitize(term, 0);
        tt_errf(err, "unknown terminal type '%s' (try TERM=xterm-256color)", safe);
        free(safe);
        return -1;
    }
    set_term(scr);
    /* a terminal that cannot move the cursor (TERM=dumb: an editor's shell
     * buffer, a CI log) would get a blank screen and no way to tell why */
    const char *cup = tigetstr("cup");
    if (!cup || cup == (const char *)-1) {
        endwin();
        delscreen(scr);
        tt_theme_free(builtin);
        char *safe = tt_sanitize(term, 0);
        tt_errf(err,
                "terminal type '%s' cannot move the cursor: the console needs a full-screen "
                "terminal (try TERM=xterm-256color)",
                safe);
        free(safe);
        return -1;
    }
    tt_fatal_hook = restore_terminal;
    cbreak();
    noecho();
    nonl();
    intr_as_key();
    keypad(stdscr, TRUE);
    define_key("\033[200~", KEY_PASTE_BEGIN);
    define_key("\033[201~", KEY_PASTE_END);
    bracketed_paste(true);
    set_escdelay(25);
    curs_set(0);
    setup_theme(theme);
    bkgdset((chtype)' ' | role_attrs[TT_ROLE_NORMAL]);
    /* the screen cleared (the alternate screen, on terminals that have one),
     * then the terminal measured; the first frame repaints what the probe
     * wrote */
    refresh();
    probe_glyphs();
    clearok(curscr, TRUE);

    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    struct tt_app_opts ao = {
        .store = o->store, .config = o->config, .theme = theme, .rows = rows, .cols = cols};
    struct tt_app *app = tt_app_new(&ao, err);
    if (!app) {
        endwin();
        bracketed_paste(false);
        delscreen(scr);
        tt_fatal_hook = NULL;
        tt_theme_free(builtin);
        return -1;
    }
    app->input_pending = key_waiting;
    app->suspend = suspend_terminal;
    if (o->message) {
        tt_app_message(app, TT_ROLE_ERROR, "%s", o->message);
    } else if (!utf8_locale()) {
        /* curses cannot show what the locale cannot encode: every accented,
         * CJK or box-drawing character would be a blank, with no hint why */
        tt_app_message(app, TT_ROLE_ERROR,
                       "the locale is not UTF-8 (%s): non-ASCII text shows as blanks; "
                       "set LANG=C.UTF-8",
                       nl_langinfo(CODESET));
    }
    if (o->open_ticket > 0) {
        char id[32];
        snprintf(id, sizeof id, "%lld", (long long)o->open_ticket);
        tt_app_open(app, "ticket", id);
    }
    int64_t tick_ms = o->config ? tt_config_int(o->config, "ui.tick_seconds") * 1000 : 1000;
    if (tick_ms <= 0)
        tick_ms = 1000;
    struct tt_canvas *canvas = tt_canvas_new(rows, cols);
    int64_t next_tick = mono_ns() / 1000000 + tick_ms;

    if (o->bench_t0_ns > 0) {
        /* Nothing may interrupt a query here: the first frame measured is the
         * one with the rows in it, not a "searching" placeholder. */
        app->input_pending = NULL;
        tt_app_render(app, canvas);
        flush(app, canvas);
        refresh();
        int64_t first = mono_ns();
        double first_cpu = cpu_ms(); /* whole process so far: start-up included */
        tt_app_key(app, TT_KEY_PGDN);
        tt_app_render(app, canvas);
        flush(app, canvas);
        refresh();
        int64_t page = mono_ns() - first;
        /* optionally: type a filter and wait for its first page */
        const char *word = getenv("TICKETTY_BENCH_FILTER");
        int64_t filter = -1;
        if (word && *word) {
            int64_t f0 = mono_ns();
            tt_app_key(app, '/');
            tt_app_keys(app, word);
            tt_app_key(app, TT_KEY_ENTER);
            tt_app_render(app, canvas);
            flush(app, canvas);
            refresh();
            filter = mono_ns() - f0;
        }
        tt_tui_sync_stop();
        endwin();
        bracketed_paste(false);
        delscreen(scr);
        tt_fatal_hook = NULL;
        bench_report(o->bench_t0_ns, first, first_cpu, page);
        if (filter >= 0)
            fprintf(stderr, "bench: filter_ms=%.2f\n", (double)filter / 1e6);
        tt_canvas_free(canvas);
        tt_app_free(app);
        tt_theme_free(builtin);
        return 0;
    }

    while (tt_app_running(app)) {
        if (got_sigterm)
            break;         /* SIGTERM, SIGHUP: the same clean-up as q */
        if (got_sigcont) { /* resumed after C-z: paste is text again */
            got_sigcont = 0;
            bracketed_paste(true);
        }
        if (got_sigint) {
            got_sigint = 0;
            tt_app_key(app, TT_KEY_CTRL('c'));
            continue;
        }
        tt_app_render(app, canvas);
        if (app->redraw) {
            clearok(curscr, TRUE);
            app->redraw = false;
        }
        flush(app, canvas);
        refresh();
        /* wait for a key until the next tick, then drain what is typed ahead;
         * a screen that asked for a follow-up frame gets it unless a key is in */
        int64_t now_ms = mono_ns() / 1000000;
        int wait = next_tick > now_ms ? (int)(next_tick - now_ms) : 0;
        if (late.expecting && late.until_ms == 0)
            late.until_ms = now_ms + LATE_MS;
        bool again = app->again;
        app->again = false;
        timeout(again ? 0 : wait);
        wint_t wch;
        int rc = get_wch(&wch);
        if (rc == ERR && (again || got_sigint || got_sigterm || got_sigcont))
            continue;
        if (rc == ERR) {
            if (app->pasting) /* a paste whose end never came: idle ends it */
                tt_app_key(app, TT_KEY_PASTE_END);
            tt_app_key(app, TT_KEY_TICK);
            next_tick = mono_ns() / 1000000 + tick_ms;
            continue;
        }
        /* at most 256 keys per frame; the next key is read only when it will
         * be handled here (one read past the batch was lost: a paste dropped
         * every 257th character) */
        for (int n = 0; rc != ERR && tt_app_running(app);) {
            int key;
            if (!late_key(rc, wch, &key)) {
                key = map_key(rc, wch);
                if (key == TT_KEY_ESC && rc == OK && !app->pasting)
                    key = read_after_esc();
            }
            if (key == TT_KEY_RESIZE) {
                getmaxyx(stdscr, rows, cols);
                tt_app_resize(app, rows, cols);
                clearok(curscr, TRUE);
            } else if (key) {
                tt_app_key(app, key);
            }
            if (++n == 256 || !tt_app_running(app))
                break;
            timeout(0);
            rc = get_wch(&wch);
        }
        if (mono_ns() / 1000000 >= next_tick) {
            tt_app_key(app, TT_KEY_TICK);
            next_tick = mono_ns() / 1000000 + tick_ms;
        }
    }
    tt_tui_sync_stop(); /* don't leave a background sync running after quit */
    endwin();
    bracketed_paste(false);
    delscreen(scr);
    tt_fatal_hook = NULL;
    tt_canvas_free(canvas);
    tt_app_free(app);
    tt_theme_free(builtin);
    return 0;
}

int tt_tui_run(const struct tt_tui_opts *o, struct tt_err *err)
{
    struct saved_signals old;
    catch_signals(&old);
    int rc = run_console(o, err);
    restore_signals(&old);
    return rc;
}
