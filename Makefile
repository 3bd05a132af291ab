# Podlab's entry points. `make serve` and `make test` install what is missing (cmake/deps.sh), so a
# fresh Debian 12 machine needs nothing else.
PORT ?= 8080
HOST ?= 127.0.0.1
export NODE_PATH := /usr/share/nodejs

.PHONY: serve test deps native web test-native test-web test-browser bench clean

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

# Benchmarks print figures; they are not tests. Both builds run the same scenario; ratio = native time / wasm time.
bench: native web
	cmake --build --preset web --target podlab-bench
	@native=$$(build/native/core/cli/podlab-bench) && wasm=$$(node build/web/core/cli/podlab-bench.js) && \
	echo "native: $$native" | sed 's/^/  /' && echo "wasm:   $$wasm" | sed 's/^/  /' && \
	nb=$$(echo "$$native" | sed -n 's/^cluster_build_ms=\([0-9.]*\).*/\1/p') && wb=$$(echo "$$wasm" | sed -n 's/^cluster_build_ms=\([0-9.]*\).*/\1/p') && \
	nh=$$(echo "$$native" | sed -n 's/^hops_per_second=\([0-9.]*\).*/\1/p') && wh=$$(echo "$$wasm" | sed -n 's/^hops_per_second=\([0-9.]*\).*/\1/p') && \
	awk -v nb=$$nb -v wb=$$wb -v nh=$$nh -v wh=$$wh 'BEGIN { printf "wasm/native speed: cluster build %.2f, hops per second %.2f\n", nb / wb, wh / nh }'
	@for f in build/web/dist/*; do gzip -9c $$f | wc -c; done | awk '{ total += $$1 } END { printf "page download: %.0f KB gzipped\n", total / 1024 }'

clean:
	rm -rf build
