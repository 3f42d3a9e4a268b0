# pvnest: the two commands of the README, and their parts.
#   make run   set up everything and run the main job
#   make test  run all tests
BUILD   ?= build
CACHE   ?= $(HOME)/.cache/pvnest
export PVNEST_CACHE := $(CACHE)

.PHONY: all deps build test run kernel bench clean

all: build

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j2

# The Debian arm64 kernel the main job and the end-to-end tests use.
kernel: deps
	@sh scripts/fetch-kernel.sh >/dev/null

test: build kernel
	@cd $(BUILD) && ctest --output-on-failure -j2

run: build kernel
	@sh scripts/run-main.sh $(BUILD)

bench: build kernel
	@sh bench/rewrite-speed.sh $(BUILD)

clean:
	rm -rf $(BUILD)
