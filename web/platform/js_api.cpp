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

// The CPU time of the frames drawn since the last reset (up to the last 600), in milliseconds:
// {frames, total: {mean, median, p95, max}, build: {…}}; `build` is updating the views and running
// the panels, `total` adds ImGui's render and the WebGL calls.
EMSCRIPTEN_KEEPALIVE const char* podlab_frame_times(int reset) {
  using namespace podlab::web;
  if (!installed_state) return "null";
  const auto figures = [](const FrameTimeSummary& s) {
    return "{\"mean\":" + std::to_string(s.mean) + ",\"median\":" + std::to_string(s.median) +
           ",\"p95\":" + std::to_string(s.p95) + ",\"max\":" + std::to_string(s.max) + "}";
  };
  const FrameTimes& times = installed_state->frame_times;
  reply_buffer = "{\"frames\":" + std::to_string(times.count) + ",\"total\":" + figures(summarize(times, FramePart::Total)) +
                 ",\"build\":" + figures(summarize(times, FramePart::Build)) + "}";
  if (reset) installed_state->frame_times.clear();
  return reply_buffer.c_str();
}

}  // extern "C"
