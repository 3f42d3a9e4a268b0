# pvnest: the two commands of the README, and their parts.
#   make run   set up everything and run the main job
#   make test  run all tests
BUILD   ?= build
CACHE   ?= $(HOME)/.cache/pvnest
export PVNEST_CACHE := $(CACHE)

.PHONY: all deps testbed-deps build test run apps kernel l0 bench clean

all: build

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j2

# The Debian arm64 kernel the main job and the end-to-end tests use.
kernel: deps
	@sh scripts/fetch-kernel.sh >/dev/null

# pvnest's L0 kernel (Debian's source + hypervisor/patches), built or reused.
l0: deps
	@sh hypervisor/build-l0.sh >/dev/null

test: build kernel testbed-deps l0
	@cd $(BUILD) && ctest --output-on-failure -j2

testbed-deps:
	@sh scripts/deps-testbed.sh

# The main job: the micro-benchmarks on the emulated three-level testbed,
# then the rewriter over the same kernel for every profile.
# APPS=1: the application suite too (docs/apps.md).
run: build kernel testbed-deps l0
	@sh testbed/microbench.sh results/runs/microbench-$$(date -u +%Y%m%dT%H%M%SZ)
	@sh scripts/run-main.sh $(BUILD)
	@if [ "$(APPS)" = 1 ]; then $(MAKE) --no-print-directory apps; fi

# The application suite over the default configurations (pvnest.conf),
# resumable: APPS_OUT=DIR continues an interrupted run.
APPS_OUT ?= results/runs/apps-$(shell date -u +%Y%m%dT%H%M%SZ)
apps: build kernel testbed-deps l0
	@sh bench/apps.sh $(APPS_ARGS) $(APPS_OUT)

bench: build kernel
	@sh bench/rewrite-speed.sh $(BUILD)

clean:
	rm -rf $(BUILD)
