# Podlab's entry points. `make serve` and `make test` install what is missing (cmake/deps.sh), so a
# fresh Debian 12 machine needs nothing else.
PORT ?= 8080
HOST ?= 127.0.0.1
export NODE_PATH := /usr/share/nodejs

.PHONY: serve test deps native web test-native test-web test-browser test-sanitize fuzz bench soak clean

serve: web
	node tests/browser/static_server.mjs build/web/dist --port $(PORT) --host $(HOST)

test: native web
	ctest --preset native
	ctest --preset web
	node --test tests/browser/

deps:
	bash cmake/deps.sh

native: deps
	@cmake --preset native > /dev/null
	cmake --build --preset native

web: deps
	@cmake --preset web > /dev/null
	cmake --build --preset web

test-native: native
	ctest --preset native

test-web: web
	ctest --preset web

test-browser: web
	node --test tests/browser/

# The native tests under AddressSanitizer (with its leak checker) and UndefinedBehaviorSanitizer,
# built with clang in build/fuzz, the build the fuzzers use too (one instrumented build on a small
# machine, not two). Not part of `make test`: the build and the run take several times longer.
test-sanitize:
	bash cmake/deps.sh fuzz
	@cmake --preset sanitize > /dev/null
	cmake --build --preset sanitize
	ctest --preset sanitize

# Every libFuzzer target (tests/fuzz/targets.cpp) for SECONDS each, one after another, built with
# clang in build/fuzz; cmake/deps.sh installs clang only for this and test-sanitize. Findings land in
# build/fuzz/findings/<target>/, the growing corpora in build/fuzz/corpus/<target>/.
SECONDS ?= 60
fuzz:
	bash cmake/deps.sh fuzz
	@cmake --preset fuzz > /dev/null
	cmake --build --preset fuzz
	bash tests/fuzz/run.sh $(SECONDS) $(TARGETS)

# Benchmarks print figures; they are not tests. Both builds run the same scenario; ratio = native time / wasm time.
# Then the page's frame time in headless Chromium with 20 nodes, 500 pods and a packet moving.
bench: native web
	cmake --build --preset web --target podlab-bench
	@build/native/core/cli/podlab-bench > build/bench-native.txt && node build/web/core/cli/podlab-bench.js > build/bench-wasm.txt
	@sed 's/^/  native: /' build/bench-native.txt && sed 's/^/  wasm:   /' build/bench-wasm.txt
	@# wasm speed relative to native for each figure: names ending in _ms are durations, the rest rates.
	@awk -F'[= ]' 'NR == FNR { native[$$1] = $$2; next } ($$1 in native) && native[$$1] > 0 && $$2 > 0 { \
	  ratio = ($$1 ~ /_ms$$/) ? native[$$1] / $$2 : $$2 / native[$$1]; printf "wasm/native speed: %-24s %.2f\n", $$1, ratio }' \
	  build/bench-native.txt build/bench-wasm.txt
	@for f in build/web/dist/*; do gzip -9c $$f | wc -c; done | awk '{ total += $$1 } END { printf "page download: %.0f KB gzipped\n", total / 1024 }'
	@node tests/browser/bench/frame_time.mjs

# A soak, not a test: 10,000 console lines and 1,000 traffic commands in headless Chromium; prints
# the WebAssembly and JavaScript heaps every 1,000 lines, and how long the lab takes to replay.
soak: web
	node tests/browser/bench/soak.mjs

clean:
	rm -rf build
