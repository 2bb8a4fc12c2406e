# SPDX-License-Identifier: MIT
# ashiato build.  `make demo` and `make test` are the two set-up commands
# (README): each first installs missing Debian packages (scripts/deps).
#
#   make            build build/ashiato
#   make test       deps, build, all tests, then all tests under ASan+UBSan
#   make demo       deps, build, run the seed scenario
#   make bench      benchmarks (bench/run.sh), numbers for BENCHMARKS.md
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each (default 60)
#   make CC=clang   any C11 compiler; -Wall -Wextra -Werror always

CC      ?= cc
BUILD   ?= build
SAN     ?=
OPT     ?= -O2
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE -g $(OPT) -Wall -Wextra -Werror \
	-Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral -pthread -Isrc
ifeq ($(SAN),1)
CFLAGS_BASE += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDSAN = -fsanitize=address,undefined
endif
CFLAGS  += $(CFLAGS_BASE)
LDLIBS   = -lsqlite3 -lzstd -lz -lyaml -lcrypto -ljansson -lpcap -llz4 -llzo2 -lbz2 -lpthread -lm

LIB_SRC  = $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
CLI_MAIN = src/cli/main.c
EMBED    = $(sort $(wildcard data/embed/*))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/embed.o
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:%.c=$(BUILD)/%.o)
FUZZ_SRC = $(wildcard fuzz/fuzz_*.c)
REPLAY   = $(FUZZ_SRC:fuzz/fuzz_%.c=$(BUILD)/replay_%)
BIN      = $(BUILD)/ashiato
UNIT     = $(BUILD)/unit-tests

.PHONY: all deps test test-only test-asan demo bench fuzz eval clean man
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# data files carried in the binary (src/core/embed.h)
$(BUILD)/embed.c: $(EMBED) scripts/embed.sh
	@mkdir -p $(BUILD)
	@echo "  EMBED   $@"
	@bash scripts/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

$(BUILD)/embed.o: $(BUILD)/embed.c
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libashiato.a: $(LIB_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $^

$(BIN): $(BUILD)/$(CLI_MAIN:.c=.o) $(BUILD)/libashiato.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDSAN) -o $@ $^ $(LDLIBS)

$(UNIT): $(UNIT_OBJ) $(BUILD)/libashiato.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDSAN) -o $@ $^ $(LDLIBS)

# each fuzz target also builds as a plain replayer of its corpus (make test)
$(BUILD)/replay_%: fuzz/fuzz_%.c fuzz/replay_main.c fuzz/line_fuzz.h $(BUILD)/libashiato.a
	@echo "  REPLAY  $@"
	@$(CC) $(CFLAGS) $(LDSAN) -o $@ $< fuzz/replay_main.c $(BUILD)/libashiato.a $(LDLIBS)

deps:
	@bash scripts/deps

# gcc build (unit + e2e), clang build (unit), ASan+UBSan build (unit + e2e);
# tests/run.sh prints the summary line.
test: deps
	@$(MAKE) --no-print-directory test-only

test-only:
	@$(MAKE) --no-print-directory all $(UNIT) $(REPLAY)
	@$(MAKE) --no-print-directory CC=clang BUILD=build-clang all build-clang/unit-tests
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT=-O1 all build-asan/unit-tests \
		$(REPLAY:$(BUILD)/%=build-asan/%)
	@bash tests/run.sh build build-clang:unit build-asan

demo: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/demo.sh $(BIN)

bench: deps
	@$(MAKE) --no-print-directory all
	@bash bench/run.sh $(BIN)

fuzz: deps
	@bash fuzz/run.sh $${FUZZ_SECONDS:-60}

eval: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/eval.sh $(BIN)

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(BUILD)/$(CLI_MAIN:.c=.d)
