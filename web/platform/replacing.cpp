// The browser's part of keeping replaced labs (web/app/lab_replacing.h): the recent labs read from
// and written to localStorage, the page's word that it opened the lab it starts with, and the
// `?exercise=` parameter dropped from the address once the learner left that exercise.
#include "web/platform/replacing.h"

#include <emscripten.h>

#include "web/app/app_state.h"

namespace podlab::web {

namespace {

AppState* replacing_state = nullptr;

EM_JS(void, js_store_recent_labs, (const char* text), { window.podlabKeeping.storeRecent(UTF8ToString(text)); });
EM_JS(void, js_forget_exercise_parameter, (), {
  const url = new URL(window.location.href);
  url.searchParams.delete('exercise');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
});

}  // namespace

void start_replacing(AppState* state) {
  replacing_state = state;
  state->replacing.awaiting_start = true;  // until lab_keeping.js has opened the saved lab or a link
}

void keep_replaced_labs(AppState& state) {
  settle_replacement(state);
  LabReplacing& replacing = state.replacing;
  if (replacing.recent_changed) {
    replacing.recent_changed = false;
    js_store_recent_labs(recent_labs_json(replacing.recent).c_str());
  }
  if (replacing.left_exercise) {
    replacing.left_exercise = false;
    js_forget_exercise_parameter();  // a reload now opens the learner's lab, not the exercise again
  }
}

}  // namespace podlab::web

extern "C" {

EMSCRIPTEN_KEEPALIVE void podlab_recent_labs(const char* text, int utc_offset_minutes) {
  using namespace podlab::web;
  if (!replacing_state) return;
  replacing_state->replacing.recent = parse_recent_labs(text);
  replacing_state->replacing.utc_offset_minutes = utc_offset_minutes;
}

// The page opened the lab it starts with (or found none): requests that waited for it settle now.
EMSCRIPTEN_KEEPALIVE void podlab_lab_started() {
  using namespace podlab::web;
  if (!replacing_state) return;
  replacing_state->replacing.awaiting_start = false;
  settle_replacement(*replacing_state);
}

}  // extern "C"
