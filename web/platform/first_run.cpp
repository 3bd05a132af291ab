#include "web/platform/first_run.h"

#include <emscripten.h>

#include "web/app/app_state.h"

namespace podlab::web {

namespace {

// Storage may be switched off for the page: then the card shows on every visit, and nothing fails.
EM_JS(int, js_welcome_dismissed, (), {
  try {
    return window.localStorage.getItem('podlab.welcome') === 'dismissed' ? 1 : 0;
  } catch (e) {
    return 0;
  }
});

EM_JS(void, js_remember_welcome_dismissed, (), {
  try {
    window.localStorage.setItem('podlab.welcome', 'dismissed');
  } catch (e) {
  }
});

EM_JS(int, js_opened_for_something, (), {
  return new URLSearchParams(window.location.search).has('exercise') || window.location.hash.startsWith('#lab=') ? 1 : 0;
});

}  // namespace

bool welcome_dismissed_before() { return js_welcome_dismissed() != 0; }

bool page_opened_for_something() { return js_opened_for_something() != 0; }

void remember_welcome(AppState& state) {
  if (!state.welcome.unsaved) return;
  js_remember_welcome_dismissed();
  state.welcome.unsaved = false;
}

}  // namespace podlab::web
