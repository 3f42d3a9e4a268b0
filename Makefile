# pvnest: the two commands of the README, and their parts.
#   make run   set up everything and run the main job
#   make test  run all tests
BUILD   ?= build
CACHE   ?= $(HOME)/.cache/pvnest
export PVNEST_CACHE := $(CACHE)
# Every result of one make names the commit it began at (scripts/provenance.sh).
ifeq ($(origin PVNEST_COMMIT),undefined)
PVNEST_COMMIT := $(shell sh scripts/provenance.sh --commit)
endif
export PVNEST_COMMIT

.PHONY: all build test run apps kernel l0 bench kernel-matrix clean

all: build

# Each target first installs the host packages it needs (scripts/packages.txt,
# `sh scripts/deps.sh --list TARGET` shows them; build-l0.sh, build-rootfs.sh
# and deps-bench.sh install their own groups, so they also run alone).
build:
	@sh scripts/deps.sh build
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j2

# The Debian arm64 kernel the main job and the end-to-end tests use.
kernel:
	@sh scripts/deps.sh kernel
	@sh scripts/fetch-kernel.sh >/dev/null

# pvnest's L0 kernel (Debian's source + hypervisor/patches), built or reused.
l0:
	@sh hypervisor/build-l0.sh >/dev/null

test:
	@sh scripts/deps.sh test
	@$(MAKE) --no-print-directory build kernel l0
	@cd $(BUILD) && ctest --output-on-failure -j2

# The main job: the micro-benchmarks on the emulated three-level testbed,
# then the rewriter over the same kernel for every profile.
# APPS=1: the application suite too (docs/apps.md).
run:
	@sh scripts/deps.sh run
	@$(MAKE) --no-print-directory build kernel l0
	@sh testbed/microbench.sh results/runs/microbench-$$(date -u +%Y%m%dT%H%M%SZ)
	@sh scripts/run-main.sh $(BUILD)
	@if [ "$(APPS)" = 1 ]; then $(MAKE) --no-print-directory apps; fi

# The application suite over the default configurations (pvnest.conf),
# resumable: APPS_OUT=DIR continues an interrupted run.
APPS_OUT ?= results/runs/apps-$(shell date -u +%Y%m%dT%H%M%SZ)
apps:
	@sh scripts/deps.sh apps
	@$(MAKE) --no-print-directory build kernel l0
	@sh bench/apps.sh $(APPS_ARGS) $(APPS_OUT)

bench:
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory build kernel
	@sh bench/rewrite-speed.sh $(BUILD) results/runs/rewrite-speed-$$(date -u +%Y%m%dT%H%M%SZ)

# Every Debian arm64 kernel of tests/kernel-matrix.txt, every profile and mode,
# cross-checked by objdump (~10 min, ~1 GB of packages with the -dbg one).
kernel-matrix:
	@sh scripts/deps.sh kernel-matrix
	@$(MAKE) --no-print-directory build
	@sh tests/kernel-matrix.sh --with-dbg $(BUILD)/rewriter/pvrewrite results/runs/kernel-matrix-$$(date -u +%Y%m%dT%H%M%SZ)

clean:
	rm -rf $(BUILD)
