# ticketty build. `make` builds build/ticketty; `make check` runs every test
# (unit, the same units under ASan+UBSan, end-to-end); `make bench` runs bench/.
# Sources are found by wildcard so each module adds files without touching this.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  = $(PREFIX)/bin
MANDIR  = $(PREFIX)/share/man/man1
DATADIR = $(PREFIX)/share/ticketty

CC      ?= cc
PKGS    = ncursesw sqlite3 libcurl jansson libgit2 yaml-0.1 md4c md4c-html
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_PKGS  = cmocka libmicrohttpd
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1.0)
OPT     ?= -O2 -g
WARN    = -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wformat=2 -Wvla
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -Iinclude -I$(B)/gen $(PKG_CFLAGS) \
             -DTT_VERSION='"$(VERSION)"' -DTT_DATADIR='"$(DATADIR)"' -MMD -MP $(EXTRA_CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -lpthread $(EXTRA_LDFLAGS)

B       ?= build
SRC     := $(shell find src -name '*.c' | sort)
LIBSRC  := $(filter-out src/main.c,$(SRC))
OBJ     := $(patsubst %.c,$(B)/%.o,$(LIBSRC))
CMDSRC  := $(sort $(wildcard src/cmd/*.c))
SUPSRC  := $(sort $(wildcard tests/support/*.c))
SUPOBJ  := $(patsubst %.c,$(B)/%.o,$(SUPSRC))
TESTSRC := $(sort $(wildcard tests/unit/test_*.c))
TESTBIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TESTSRC))
TOOLSRC := $(sort $(wildcard tests/tools/*.c))
TOOLBIN := $(patsubst tests/tools/%.c,$(B)/tools/%,$(TOOLSRC))

FUZZSRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

.DEFAULT_GOAL := all
FORCE:
.PHONY: FORCE fuzz all deps deps-check run check unit asan e2e bench install uninstall clean format tools

all: $(B)/ticketty

deps:
	@scripts/deps.sh run
deps-check:
	@scripts/deps.sh check

# The command table is generated from the definitions in src/cmd/*.c, so a
# new subcommand is one new file (tmux's cmd_entry, without the hand-kept list).
$(B)/gen/cmd_list.h: $(CMDSRC) scripts/gen-cmd-list.sh
	@mkdir -p $(dir $@)
	@scripts/gen-cmd-list.sh $(CMDSRC) > $@.tmp && mv $@.tmp $@

# The console's screens, queue columns, panels and status slots, the same way.
$(B)/gen/tui_list.h: $(SRC) scripts/gen-tui-list.sh
	@mkdir -p $(dir $@)
	@scripts/gen-tui-list.sh $(SRC) > $@.tmp && { cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }

# DATADIR (from PREFIX) is compiled in: a stamp holding it rebuilds the objects
# when it changes, so `make install PREFIX=/opt/x` installs a binary that looks
# for its themes and demo KB under /opt/x/share/ticketty.
$(B)/gen/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

$(OBJ) $(B)/src/main.o: $(B)/gen/datadir.stamp

$(B)/%.o: %.c | $(B)/gen/cmd_list.h $(B)/gen/tui_list.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -Itests/support -c $< -o $@

$(B)/libticketty.a: $(OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(B)/ticketty: $(B)/src/main.o $(B)/libticketty.a
	$(CC) $(OPT) -o $@ $^ $(LDLIBS_ALL)

$(B)/tests/libsupport.a: $(SUPOBJ)
	@rm -f $@
	@ar rcs $@ $^

$(B)/tests/test_%: tests/unit/test_%.c $(B)/libticketty.a $(B)/tests/libsupport.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -Itests/support -o $@ $< $(B)/tests/libsupport.a $(B)/libticketty.a \
	    $(LDLIBS_ALL) $(TEST_LIBS)

$(B)/tools/%: tests/tools/%.c $(B)/libticketty.a $(B)/tests/libsupport.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -Itests/support -o $@ $< $(B)/tests/libsupport.a $(B)/libticketty.a \
	    $(LDLIBS_ALL) $(TEST_LIBS)

tools: $(TOOLBIN)

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-demo.sh

# make check: unit tests, the same under ASan+UBSan, then end-to-end scenarios.
check: deps-check
	@$(MAKE) --no-print-directory all tools
	@scripts/check.sh

unit: $(TESTBIN)
	@scripts/run-tests.sh $(TESTBIN)

asan:
	@$(MAKE) --no-print-directory B=build-asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" all tools $(patsubst $(B)/%,build-asan/%,$(TESTBIN))

bench: deps
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all tools
	@scripts/bench.sh

# make fuzz: build the libFuzzer targets with clang (build-fuzz/) and run each
# for FUZZ_SECONDS (default 30).  Parsers of untrusted input each get one.
FUZZ_SECONDS ?= 30
fuzz:
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	    build-fuzz/libticketty.a
	@mkdir -p build-fuzz/fuzz
	@for f in $(FUZZSRC); do n=$$(basename $$f .c); \
	    clang -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -Iinclude $(PKG_CFLAGS) \
	        -o build-fuzz/fuzz/$$n $$f build-fuzz/libticketty.a $(LDLIBS_ALL) || exit 1; \
	    mkdir -p build-fuzz/corpus/$$n; \
	    echo "== $$n ($(FUZZ_SECONDS) s)"; \
	    build-fuzz/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus/$$n 2>&1 | tail -2 || exit 1; \
	done

install: $(B)/ticketty
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR)/kb
	install -m 755 $(B)/ticketty $(DESTDIR)$(BINDIR)/ticketty
	install -m 644 packaging/ticketty.1 $(DESTDIR)$(MANDIR)/ticketty.1
	install -m 644 themes/*.theme $(DESTDIR)$(DATADIR)/themes/
	cp -R kb/. $(DESTDIR)$(DATADIR)/kb/
	install -m 644 packaging/demo-config.yaml $(DESTDIR)$(DATADIR)/demo-config.yaml

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ticketty $(DESTDIR)$(MANDIR)/ticketty.1
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i $$(find src include tests bench -name '*.[ch]')

clean:
	rm -rf build build-asan build-clang

-include $(shell find $(B) -name '*.d' 2>/dev/null)
