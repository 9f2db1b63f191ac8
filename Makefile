# dvcdesk — build, test and install.  `make help` lists the targets.
.SUFFIXES:

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
LOCALEDIR ?= $(DATADIR)/locale
MANDIR    ?= $(DATADIR)/man
DOCDIR    ?= $(DATADIR)/doc/dvcdesk
DESTDIR   ?=
# ---- package layout (make install and debian/rules use the same list, INSTALL_LIST below)
PKGDATADIR     ?= $(DATADIR)/dvcdesk
EXAMPLEDIR     ?= $(DOCDIR)/examples
BASHCOMPDIR    ?= $(DATADIR)/bash-completion/completions
SYSTEMDUSERDIR ?= $(PREFIX)/lib/systemd/user
KIOSK_STOPFILE ?= /run/dvcdesk-kiosk.stop
# ---- end of package layout

VERSION   := 0.1.0
CC        ?= cc
PKG_CONFIG ?= pkg-config
B         ?= build

CORE_PKGS := sqlite3 libqrencode libutf8proc cairo pangocairo libsodium
UI_PKGS   := ncursesw
# Headers only, not linked: src/report/pdf.c loads libpangocairo when the first PDF
# is made, so the other commands do not load and relocate its forty
# libraries.
PDF_PKGS  := cairo pangocairo
# Headers only, not linked: src/report/report_xlsx.c loads libxlsxwriter when
# the first spreadsheet is made.
XLSX_CFLAGS := $(shell $(PKG_CONFIG) --cflags xlsxwriter 2>/dev/null)
# Headers only, not linked: src/sync/pg.c loads libpq (and its TLS, GSSAPI
# and LDAP libraries) when a command first talks to the server.
SYNC_PKGS := libpq

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion \
	-Wformat=2 -Wcast-qual -Wstrict-prototypes -Wmissing-prototypes \
	-Wold-style-definition -Wvla -Wnull-dereference -Wdouble-promotion
ifneq ($(CI),)
WARN += -Werror
endif

OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
ALL_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) $(CPPFLAGS) $(CFLAGS) $(SAN) \
	-DVERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
	-Isrc -I$(B) -I/usr/include/iniparser \
	$(shell $(PKG_CONFIG) --cflags $(CORE_PKGS) $(UI_PKGS) 2>/dev/null) \
	$(XLSX_CFLAGS) \
	$(shell $(PKG_CONFIG) --cflags $(SYNC_PKGS) 2>/dev/null)
CORE_LIBS := $(shell $(PKG_CONFIG) --libs $(filter-out $(PDF_PKGS),$(CORE_PKGS)) 2>/dev/null) \
	-liniparser -lm -ldl
UI_LIBS   := $(shell $(PKG_CONFIG) --libs $(UI_PKGS) 2>/dev/null)
# Spreadsheets (dvcdesk reconcile): libzip + expat read .xlsx, libfreexl
# .xls, libxlsxwriter writes .xlsx.  libzip and libxlsxwriter (which bring
# libcrypto, minizip, bz2, zlib) are headers only, loaded when a file needs
# them (xlsx.c, reconcile_write.c): linked, they took every command's
# start-up from 1.7 to 3.6 ms of CPU (`dvcdesk qr`, perf stat).  expat and
# freexl are small and linked.
SHEET_PKGS := libzip expat freexl xlsxwriter
SHEET_LINK := expat freexl
ALL_CFLAGS += $(shell $(PKG_CONFIG) --cflags $(SHEET_PKGS) 2>/dev/null)
CORE_LIBS  += $(shell $(PKG_CONFIG) --libs $(SHEET_LINK) 2>/dev/null)
# --as-needed: no library is loaded that nothing calls (libtinfo's sibling
# pulls, pkg-config's extras); -O1: smaller hash chains for the loader.
LINK_OPT  := -Wl,--as-needed -Wl,-O1
ALL_LDFLAGS = $(LINK_OPT) $(LDFLAGS) $(SAN)

CORE_SRC := $(filter-out src/main.c,$(wildcard src/*/*.c))
UI_SRC   := $(wildcard screens/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(B)/%.o) $(B)/dbembed.o
UI_OBJ   := $(UI_SRC:%.c=$(B)/%.o)
MAIN_OBJ := $(B)/src/main.o
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(B)/tests/tools/%)
PO_FILES := $(wildcard po/vi/*.po)
MO_FILE  := $(B)/locale/vi/LC_MESSAGES/dvcdesk.mo


.PHONY: all build-all run check check-fast check-asan check-long lint format format-check install uninstall \
	clean deps deps-check bench help pot

# Each entry point installs what is missing first, then builds in a fresh make
# so that pkg-config sees the libraries it just installed.
all: deps
	@$(MAKE) --no-print-directory build-all
build-all: dvcdesk $(MO_FILE)

help:
	@echo "make            build ./dvcdesk (installs missing Debian packages first)"
	@echo "make run        start the counter on the embedded default"
	@echo "make check      every test CI runs (unit, CLI, UI, faults); ends with 'N passed, N failed'"
	@echo "make check-fast unit, CLI and screen tests only (about a minute): while you work"
	@echo "make check-asan the same under AddressSanitizer + UndefinedBehaviorSanitizer"
	@echo "make check-long soak and fuzz runs (slow)"
	@echo "make bench      the performance table (bench/results.csv)"
	@echo "make lint | format | format-check | install | uninstall | clean"
	@echo "make deb        dist/dvcdesk_VERSION_ARCH.deb (Debian package; checked by make check)"

# The README's two commands must work on a fresh Debian 12: both begin by
# installing what is missing (announced, never silent).
deps:
	@sh contrib/deps.sh build
deps-check:
	@sh contrib/deps.sh check

dvcdesk: $(MAIN_OBJ) $(UI_OBJ) $(CORE_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(UI_LIBS) $(CORE_LIBS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/dbembed.c: db/embed.sh $(wildcard db/migrations/*.sql) db/procedures-seed.csv \
		$(wildcard db/server/*.sql)
	@mkdir -p $(@D)
	sh db/embed.sh $@
$(B)/dbembed.o: $(B)/dbembed.c
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(MO_FILE): $(PO_FILES)
	@mkdir -p $(@D)
	msgcat --use-first -o $(B)/vi.po $(PO_FILES)
	msgfmt --check-format -o $@ $(B)/vi.po

# Unit tests link the core only: a src/ file that needs curses cannot link.
$(B)/tests/unit/%: tests/unit/%.c $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "CC $@"
	@$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(CORE_OBJ) $(CORE_LIBS) \
		$(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
$(B)/tests/tools/%: tests/tools/%.c $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "CC $@"
	@$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(CORE_OBJ) $(CORE_LIBS) -ldl

run: all
	./dvcdesk

check: deps-check
	@$(MAKE) --no-print-directory dvcdesk $(MO_FILE) $(UNIT_BIN) $(TOOL_BIN)
	@B=$(B) bash tests/run.sh

# While you work: the unit, CLI and screen tests, not the fault tier (kills,
# power cuts, fuzzing), which is most of make check's time.
check-fast: deps-check
	@$(MAKE) --no-print-directory dvcdesk $(MO_FILE) $(UNIT_BIN) $(TOOL_BIN)
	@B=$(B) bash tests/run.sh unit cli ui

check-asan: deps-check
	@$(MAKE) --no-print-directory B=build/asan OPT='-O1 -g' \
		SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		build/asan/dvcdesk-bin
	@B=build/asan DVCDESK=build/asan/dvcdesk ASAN=1 bash tests/run.sh

build/asan/dvcdesk-bin: $(MAIN_OBJ) $(UI_OBJ) $(CORE_OBJ) $(MO_FILE) $(UNIT_BIN) $(TOOL_BIN)
	$(CC) $(ALL_LDFLAGS) -o $(B)/dvcdesk $(MAIN_OBJ) $(UI_OBJ) $(CORE_OBJ) $(UI_LIBS) $(CORE_LIBS)
	@touch $@

check-long: check
	@B=$(B) LONG=1 bash tests/run.sh fault

bench: deps
	@sh contrib/deps.sh bench
	@$(MAKE) --no-print-directory build-all $(TOOL_BIN)
	@bash tests/bench/run.sh

# The layers of src/, bottom first: a file may include headers of its own
# layer and of the layers below it, never above (docs/architecture.md).
LAYERS := util format config domain store report sync cli

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --std=c11 \
		--suppress=missingIncludeSystem -Isrc src screens
	@sh contrib/lint-layers.sh $(LAYERS)

format:
	clang-format -i src/*.c src/*/*.[ch] screens/*.[ch] tests/unit/*.c

format-check:
	clang-format --dry-run --Werror src/*.c src/*/*.[ch] screens/*.[ch] tests/unit/*.c

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1c,2 -kNP_:1c,2 --add-comments=TRANSLATORS: \
		-o po/dvcdesk.pot src/*.c src/*/*.[ch] screens/*.c screens/*.h

# ---- install and the Debian package (debian/rules: install-files into debian/dvcdesk)
# One list, MODE:SOURCE:DESTINATION, for make install, make uninstall, the
# package and its test (tests/cli/package.sh compares `dpkg-deb -c` with
# `make -s install-list PREFIX=/usr`).  English needs no catalogue (the
# msgids are English).
GEN := $(B)/pkg
INSTALL_LIST = \
	755:dvcdesk:$(BINDIR)/dvcdesk \
	644:dvcdesk.1:$(MANDIR)/man1/dvcdesk.1 \
	644:$(MO_FILE):$(LOCALEDIR)/vi/LC_MESSAGES/dvcdesk.mo \
	644:db/procedures-seed.csv:$(PKGDATADIR)/procedures-seed.csv \
	755:$(GEN)/dvcdesk-kiosk:$(PKGDATADIR)/dvcdesk-kiosk \
	644:$(GEN)/dvcdesk.bash:$(BASHCOMPDIR)/dvcdesk \
	644:$(GEN)/dvcdesk-sync.service:$(SYSTEMDUSERDIR)/dvcdesk-sync.service \
	644:contrib/systemd/dvcdesk-sync.timer:$(SYSTEMDUSERDIR)/dvcdesk-sync.timer \
	644:contrib/dvcdesk.ini.example:$(DOCDIR)/dvcdesk.ini.example \
	644:README.md:$(DOCDIR)/README.md \
	644:docs/kiosk.md:$(EXAMPLEDIR)/kiosk.md \
	644:$(GEN)/autologin.conf:$(EXAMPLEDIR)/autologin.conf \
	644:$(GEN)/bash_profile:$(EXAMPLEDIR)/bash_profile
GEN_FILES := $(GEN)/dvcdesk-kiosk $(GEN)/dvcdesk.bash $(GEN)/dvcdesk-sync.service \
	$(GEN)/autologin.conf $(GEN)/bash_profile
SUBST = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@PKGDATADIR@|$(PKGDATADIR)|g' \
	-e 's|@EXAMPLEDIR@|$(EXAMPLEDIR)|g' -e 's|@STOPFILE@|$(KIOSK_STOPFILE)|g'

# The paths depend on PREFIX: regenerate every time (they are small).
.PHONY: install-files install-list deb $(GEN_FILES)
$(GEN)/dvcdesk-kiosk $(GEN)/autologin.conf $(GEN)/bash_profile: $(GEN)/%: contrib/kiosk/%.in
	@mkdir -p $(@D)
	$(SUBST) $< >$@
$(GEN)/dvcdesk-sync.service: contrib/systemd/dvcdesk-sync.service.in
	@mkdir -p $(@D)
	$(SUBST) $< >$@
# From the same tables as --help (src/cli/cli_complete.c).
$(GEN)/dvcdesk.bash: dvcdesk
	@mkdir -p $(@D)
	./dvcdesk --completion bash >$@

install: all
	@$(MAKE) --no-print-directory install-files
install-files: build-all $(GEN_FILES)
	@set -e; for e in $(INSTALL_LIST); do \
		m=$${e%%:*}; r=$${e#*:}; src=$${r%%:*}; dst=$(DESTDIR)$${r#*:}; \
		echo "install $$src $$dst"; install -D -m $$m $$src $$dst; done
install-list:
	@for e in $(INSTALL_LIST); do echo "$${e##*:}"; done

uninstall:
	@for e in $(INSTALL_LIST); do rm -f "$(DESTDIR)$${e##*:}"; done
	-rmdir $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(PKGDATADIR) 2>/dev/null

# dist/dvcdesk_VERSION_ARCH.deb, built by dpkg-buildpackage in a copy of the
# tree (build/deb/), so that debian/rules clean never touches this build and
# nothing is written beside the checkout.
deb:
	@sh contrib/deps.sh package
	@sh contrib/make-deb.sh $(VERSION)
# ---- end of install and the Debian package

clean:
	rm -rf build dvcdesk tests/out dist

-include $(shell find $(B) -name '*.d' 2>/dev/null)
