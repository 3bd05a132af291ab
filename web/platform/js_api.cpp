#include "web/platform/js_api.h"

#include <emscripten.h>

#include <string>

#include "web/app/app_state.h"

namespace podlab::web {

namespace {
AppState* installed_state = nullptr;
std::string reply_buffer;  // the string returned to JavaScript; valid until the next call
}  // namespace

void install_js_api(AppState* state) { installed_state = state; }

EM_JS(void, js_first_frame, (), { if (window.podlab) window.podlab.__firstFrame(); });
EM_JS(void, js_fatal, (const char* message), { if (window.podlab) window.podlab.__fail(UTF8ToString(message)); });

void notify_first_frame() { js_first_frame(); }
void report_fatal_error(const char* message) { js_fatal(message); }

}  // namespace podlab::web

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* podlab_state() {
  using namespace podlab::web;
  reply_buffer = installed_state ? state_json(*installed_state) : std::string("null");
  return reply_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* podlab_command(const char* line) {
  using namespace podlab::web;
  if (!installed_state) return "{\"ok\":false,\"error\":\"the lab has not started\"}";
  reply_buffer = run_console_line(*installed_state, line ? line : "");
  return reply_buffer.c_str();
}

}  // extern "C"
