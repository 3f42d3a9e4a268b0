#!/bin/sh
# Build the libFuzzer target with clang (ASan + UBSan) and fuzz the input
# parsers for a bounded time, seeded with the test inputs.
#   fuzz-parsers.sh PROJECT_DIR GENERATED_INCLUDE_DIR WORKDIR [SECONDS]
set -eu
top=$1 gen=$2 w=$3 secs=${4:-60}
rm -rf "$w" && mkdir -p "$w/corpus"
src="$top/rewriter"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE \
	-I"$src" -I"$top/pvhooks" -I"$gen" \
	"$top/tests/fuzz/fuzz_input.c" $(ls "$src"/*.c | grep -v '/main.c$') \
	$(pkg-config --cflags --libs libelf capstone) -o "$w/fuzz_input"
# Seeds: the assembled test objects, a kernel-shaped ELF and its Image.
cc="clang --target=aarch64-linux-gnu -march=armv8.4-a -c"
for f in sites head alts; do $cc "$top/tests/asm/$f.S" -o "$w/$f.o"; done
ld.lld -T "$top/tests/asm/kernel.lds" "$w/head.o" "$w/sites.o" "$w/alts.o" -o "$w/kernel.elf"
llvm-objcopy -O binary "$w/kernel.elf" "$w/kernel.Image"
# A module-shaped object: alternatives by relocation, a signature block.
{ cat "$w/alts.o"; head -c 16 /dev/zero; printf '\0\0\0\0\0\0\0\0\0\0\0\020~Module signature appended~\n'; } > "$w/signed.o"
cp "$w/sites.o" "$w/alts.o" "$w/signed.o" "$w/kernel.elf" "$w/kernel.Image" "$w/corpus/"
ASAN_OPTIONS=detect_leaks=0 "$w/fuzz_input" -max_total_time="$secs" -max_len=262144 -timeout=10 \
	-print_final_stats=1 "$w/corpus" > "$w/log" 2>&1 || { tail -40 "$w/log"; exit 1; }
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$w/log")
echo "fuzzed the input parsers for ${secs}s: $runs inputs, no crash"
