// The bridge between the page's JavaScript and the lab: window.podlab (web/platform/podlab_api.js)
// calls the exported functions in js_api.cpp; C++ tells the page about the first frame and fatal
// errors through the functions below. All JavaScript interop of the lab lives in web/platform: these
// two files, and keeping.cpp with lab_keeping.js for storage, files, share links and the clipboard.
#pragma once

namespace podlab::web {

struct AppState;

void install_js_api(AppState* state);
void notify_first_frame();
void report_fatal_error(const char* message);

}  // namespace podlab::web
