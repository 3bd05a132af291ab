#include "web/platform/page_guard.h"

#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "web/app/app_state.h"
#include "web/platform/keeping.h"

namespace podlab::web {

namespace {

AppState* guarded_state = nullptr;
std::string abort_on_line;  // tests: the line that makes the lab stop, as a bug would

EM_JS(void, js_publish_limits, (double input_bytes, double lab_file_bytes, double share_link_chars), {
  window.podlabLimits = { inputBytes: input_bytes, labFileBytes: lab_file_bytes, shareLinkChars: share_link_chars };
});
EM_JS(void, js_line_starting, (const char* line, int index, const char* language),
      { window.podlabCrashGuard.lineStarting(UTF8ToString(line), index, UTF8ToString(language)); });
EM_JS(void, js_line_done, (), { window.podlabCrashGuard.lineDone(); });

void line_starting(std::string_view line, std::optional<size_t> replay_index) {
  AppState& state = *guarded_state;
  // The storage must hold the lab as it was before this line: that is what reopens without it.
  if (!replay_index) store_lab_if_due(state);
  const std::string text(line);
  js_line_starting(text.c_str(), replay_index ? static_cast<int>(*replay_index) : -1, language_tag(state.language));
  if (!abort_on_line.empty() && text == abort_on_line) std::abort();
}

}  // namespace

void install_page_guard(AppState& state) {
  guarded_state = &state;
  js_publish_limits(static_cast<double>(max_input_bytes), static_cast<double>(max_lab_file_bytes),
                    static_cast<double>(max_share_link_chars));
  state.guard.line_watch.starting = line_starting;
  state.guard.line_watch.done = [] { js_line_done(); };
}

}  // namespace podlab::web

extern "C" {

// Not reachable from anything a learner types: window.podlab.__forceAbort() calls these, for the
// tests of what the page does when the lab stops (web/platform/crash_guard.js).
EMSCRIPTEN_KEEPALIVE void podlab_force_abort() { std::abort(); }
EMSCRIPTEN_KEEPALIVE void podlab_abort_on_line(const char* line) { podlab::web::abort_on_line = line ? line : ""; }

EMSCRIPTEN_KEEPALIVE void podlab_link_too_long(double length) {
  using namespace podlab::web;
  if (guarded_state) report_link_too_long(*guarded_state, static_cast<size_t>(length));
}

// `what`: "lab" (a lab file), "yaml" (a manifest file), "link" (a share link's lab).
EMSCRIPTEN_KEEPALIVE void podlab_too_large(const char* what, const char* name, double bytes) {
  using namespace podlab::web;
  if (!guarded_state) return;
  const std::string kind(what);
  report_too_large(*guarded_state, kind == "lab" ? TooLarge::LabFile : kind == "yaml" ? TooLarge::ManifestFile : TooLarge::LinkLab, name,
                   static_cast<size_t>(bytes));
}

}  // extern "C"
