/*
 * json_keys.c: unknown keys of a JSON input document, by path, with a
 * "did you mean" from the known keys of the same object.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_keys.h"
#include "ticketty/suggest.h"
#include "ticketty/text.h"
#include "ticketty/util.h"

struct walk {
    tt_json_unknown_fn fn;
    void *arg;
    size_t count;
    struct tt_buf path;
    /* The path without list indices ("events[].id"): a key extra in every
     * item of a list (an id on each of 500 events) is reported once, at its
     * first item, not once per item. */
    struct tt_buf shape_path;
    json_t *seen; /* shape paths reported */
};

static void cut(struct tt_buf *b, size_t mark)
{
    b->len = mark;
    if (b->data)
        b->data[mark] = '\0';
}

static void check_object(struct walk *w, json_t *obj, const struct tt_json_key *shape);

/* Code points a warning must not pass through as they are: C0/C1 controls and
 * DEL (they drive the terminal), bidi controls and invisible format characters
 * (they make a key read as another, or as nothing). */
static int needs_escape(unsigned int cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || cp == 0x061c ||
           (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff;
}

static void put_key(struct tt_buf *b, const char *key)
{
    size_t len = strlen(key);
    for (size_t i = 0; i < len;) {
        unsigned int cp;
        size_t n = tt_utf8_decode(key + i, len - i, &cp);
        if (cp == 0xfffd && !(n == 3 && !memcmp(key + i, "\xEF\xBF\xBD", 3))) {
            for (size_t j = 0; j < n; j++)
                tt_buf_printf(b, "\\x%02x", (unsigned char)key[i + j]);
        } else if (cp == '"' || cp == '\\') {
            tt_buf_putc(b, '\\');
            tt_buf_putc(b, (char)cp);
        } else if (needs_escape(cp)) {
            tt_buf_printf(b, "\\u%04x", cp);
        } else {
            tt_buf_append(b, key + i, n);
        }
        i += n;
    }
}

char *tt_json_key_display(const char *key)
{
    struct tt_buf b = {0};
    put_key(&b, key ? key : "");
    return tt_buf_steal(&b);
}

/* The value of a known key: descend into its object or list of objects. */
static void check_value(struct walk *w, json_t *v, const struct tt_json_key *k)
{
    if (k->kind == TT_JK_LEAF || !k->members)
        return;
    if (json_is_object(v)) {
        if (k->kind == TT_JK_SHAPE)
            check_object(w, v, k->members);
        return;
    }
    if (!json_is_array(v))
        return;
    size_t i, mark = w->path.len, smark = w->shape_path.len;
    json_t *item;
    tt_buf_puts(&w->shape_path, "[]");
    json_array_foreach(v, i, item)
    {
        if (!json_is_object(item))
            continue;
        tt_buf_printf(&w->path, "[%zu]", i);
        check_object(w, item, k->members);
        cut(&w->path, mark);
    }
    cut(&w->shape_path, smark);
}

static void check_object(struct walk *w, json_t *obj, const struct tt_json_key *shape)
{
    size_t n = 0;
    while (shape[n].name)
        n++;
    const char **names = xmalloc((n ? n : 1) * sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = shape[i].name;
    size_t mark = w->path.len, smark = w->shape_path.len;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        const struct tt_json_key *k = NULL;
        for (size_t i = 0; i < n && !k; i++)
            if (strcmp(shape[i].name, key) == 0)
                k = &shape[i];
        if (mark)
            tt_buf_putc(&w->path, '.');
        put_key(&w->path, key);
        if (smark)
            tt_buf_putc(&w->shape_path, '.');
        put_key(&w->shape_path, key);
        if (k) {
            check_value(w, v, k);
        } else if (!json_object_get(w->seen, tt_buf_str(&w->shape_path))) {
            json_object_set_new(w->seen, tt_buf_str(&w->shape_path), json_true());
            w->count++;
            if (w->fn)
                w->fn(tt_buf_str(&w->path), tt_suggest(key, names, n), w->arg);
        }
        cut(&w->path, mark);
        cut(&w->shape_path, smark);
    }
    free(names);
}

size_t tt_json_check_keys(json_t *doc, const struct tt_json_key *shape, tt_json_unknown_fn fn,
                          void *arg)
{
    if (!json_is_object(doc) || !shape)
        return 0;
    struct walk w = {.fn = fn, .arg = arg, .seen = json_object()};
    check_object(&w, doc, shape);
    tt_buf_free(&w.path);
    tt_buf_free(&w.shape_path);
    json_decref(w.seen);
    return w.count;
}

void tt_json_warn_unknown(const char *path, const char *suggestion, void *arg)
{
    char *p = tt_sanitize(path, 0);
    char *where = tt_sanitize(arg ? arg : "input", 0);
    if (suggestion) {
        char *s = tt_sanitize(suggestion, 0);
        fprintf(stderr, "ticketty: %s: ignoring unknown key \"%s\" (did you mean \"%s\"?)\n", where,
                p, s);
        free(s);
    } else {
        fprintf(stderr, "ticketty: %s: ignoring unknown key \"%s\"\n", where, p);
    }
    free(p);
    free(where);
}

int tt_json_warn_duplicate(const char *text, size_t len, const char *where)
{
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte order mark */
        text += 3;
        len -= 3;
    }
    json_error_t e;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
    if (doc) {
        json_decref(doc);
        return 0;
    }
    if (json_error_code(&e) != json_error_duplicate_key)
        return 0; /* invalid otherwise: the parse proper reports it */
    char *w = tt_sanitize(where ? where : "input", 0), *m = tt_sanitize(e.text, 0);
    fprintf(stderr, "ticketty: %s: line %d: %s (only its last value is used)\n", w, e.line, m);
    free(w);
    free(m);
    return 1;
}
