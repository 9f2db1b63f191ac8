# libFuzzer targets: tests/fuzz/fuzz_NAME.c -> $(B)/fuzz/fuzz_NAME, built
# with clang against the whole core compiled with ASan + UBSan.  Included by
# the Makefile; tests/fault/fuzz.sh also loads it with `make -f Makefile -f
# tests/fuzz/fuzz.mk` so it works before (and after) that include exists.
#   make fuzz        build the targets
# Seeds: tests/fuzz/corpus/NAME/; every crash found becomes a file in
# tests/fuzz/regress/NAME/, which `make check` replays.
ifndef DVCDESK_FUZZ_MK
DVCDESK_FUZZ_MK := 1

FUZZ_CC     ?= clang
FUZZ_DIR    := $(B)/fuzz
FUZZ_FLAGS  := -std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-DVERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
	-Isrc -I$(B) -I/usr/include/iniparser \
	$(shell $(PKG_CONFIG) --cflags $(CORE_PKGS) $(PDF_PKGS) $(SYNC_PKGS) $(SHEET_PKGS) 2>/dev/null)
FUZZ_FLAGS  += $(shell $(PKG_CONFIG) --cflags $(SHEET_PKGS) 2>/dev/null)
FUZZ_SRC    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN    := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_DIR)/%)
FUZZ_OBJ    := $(CORE_SRC:%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/dbembed.o

.PHONY: fuzz
fuzz: $(FUZZ_BIN)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
$(FUZZ_DIR)/obj/dbembed.o: $(B)/dbembed.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -w -c -o $@ $<
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(CORE_LIBS)

# The test tools include headers of their own (the rule in the Makefile
# knows only the .c).
$(B)/tests/tools/t_driver: tests/tools/crashvfs.h

endif
