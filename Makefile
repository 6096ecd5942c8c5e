# samspel's front door. Two commands are all a newcomer needs:
#   make run    install what is missing, build, create var/samspel.db from
#               the demo data, serve on http://127.0.0.1:8080
#   make test   install what is missing, build with sanitizers, run every
#               test suite; the last line is "N passed, N failed"
# Others: make build (release binary at build/samspel), make guide (the
# screenshots of docs/guide.md), make fuzz
# (FUZZ_SECONDS per target, default 60; new corpus inputs are kept),
# make bench, make soak (bench/soak), make pot (refresh po/ from the sources), make clean.

BUILD     ?= build
TESTBUILD ?= build-test
FUZZBUILD ?= build-fuzz
DB        ?= var/samspel.db
LISTEN    ?= 127.0.0.1:8080
DEMO      := data/demo
FUZZ_SECONDS ?= 60

.PHONY: all build run test fuzz fuzz-build bench soak pot clean bootstrap guide

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) --buildtype=release -Dtests=false >/dev/null
	@ninja -C $(BUILD) samspel >/dev/null
	@echo "built $(BUILD)/samspel"

run: build
	@if [ ! -f $(DB) ]; then \
	  $(BUILD)/samspel demo --from $(DEMO) --db $(DB) >/dev/null && \
	  echo "created $(DB) from $(DEMO)"; \
	fi
	@echo "samspel: open http://$(LISTEN)/ (Ctrl-C stops)"
	@exec $(BUILD)/samspel serve --db $(DB) --listen $(LISTEN)

test: build fuzz-build
	@scripts/bootstrap --browser --exports
	@test -f $(TESTBUILD)/build.ninja || meson setup $(TESTBUILD) --buildtype=debug \
	  -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	@ninja -C $(TESTBUILD) >/dev/null
	@scripts/run-tests $(TESTBUILD)

fuzz: fuzz-build
	@scripts/run-fuzz $(FUZZBUILD) $(FUZZ_SECONDS) --merge

# The fuzz targets: clang, libFuzzer, AddressSanitizer and UBSan.
fuzz-build:
	@scripts/bootstrap
	@test -f $(FUZZBUILD)/build.ninja || CC=clang meson setup $(FUZZBUILD) --buildtype=debugoptimized \
	  -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	@ninja -C $(FUZZBUILD) >/dev/null

bench:
	@scripts/bootstrap --bench
	@bench/plan-page

# The long hostile-traffic run (bench/soak; SOAK_SECONDS, default 120):
# 2 000 slow connections and 10 MiB bodies while a visitor is timed.
SOAK_SECONDS ?= 120
soak: build
	@bench/soak --seconds $(SOAK_SECONDS)

# The screenshots of docs/guide.md, taken anew by the browser tests.
guide: build
	@scripts/bootstrap --browser
	@SAMSPEL_BIN=$(CURDIR)/$(BUILD)/samspel tests/browser/run $(BUILD) >/dev/null
	@cp tests/browser/screenshots/guide-*.png docs/guide/
	@echo "docs/guide/: screenshots updated"

pot:
	@scripts/update-po

clean:
	rm -rf $(BUILD) $(TESTBUILD) $(FUZZBUILD)
