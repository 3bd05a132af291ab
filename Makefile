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
	@test -f build/native/build.ninja || cmake --preset native
	cmake --build --preset native

web: deps
	@test -f build/web/build.ninja || cmake --preset web
	cmake --build --preset web

test-native: native
	ctest --preset native

test-web: web
	ctest --preset web

test-browser: web
	node --test tests/browser/

clean:
	rm -rf build
