#include "web/platform/exercise_interop.h"

#include <emscripten.h>

#include <string>

#include "web/app/app_state.h"

namespace podlab::web {

namespace {

EM_JS(double, js_date_now, (), { return Date.now(); });

EM_JS(int, js_exercise_parameter_size, (), {
  const id = new URLSearchParams(window.location.search).get('exercise');
  return id ? lengthBytesUTF8(id) + 1 : 0;
});

EM_JS(void, js_exercise_parameter, (char* out, int size), {
  stringToUTF8(new URLSearchParams(window.location.search).get('exercise') || "", out, size);
});

EM_JS(void, js_hand_over_report, (const char* file_name, const char* json, const char* html), {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([UTF8ToString(json)], { type: 'application/json' }));
  link.download = UTF8ToString(file_name);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The report's stylesheet is the page's: a blob's page has no address to find it from, so its
  // link is made absolute (the report's own policy lets it load styles from this origin only).
  const report = new DOMParser().parseFromString(UTF8ToString(html), 'text/html');
  for (const sheet of report.querySelectorAll('link[rel=stylesheet]'))
    sheet.setAttribute('href', new URL(sheet.getAttribute('href'), document.baseURI).href);
  const page = '<!DOCTYPE html>\n' + report.documentElement.outerHTML;
  window.open(URL.createObjectURL(new Blob([page], { type: 'text/html' })), '_blank');
});

}  // namespace

int64_t wall_clock_now() { return static_cast<int64_t>(js_date_now()); }

void open_exercise_from_url(AppState& state) {
  const int size = js_exercise_parameter_size();
  if (size <= 1) return;
  std::string id(static_cast<size_t>(size), '\0');
  js_exercise_parameter(id.data(), size);
  id.resize(static_cast<size_t>(size - 1));
  state.panels.lessons = true;
  // Once the page has opened the lab it keeps: a reload mid-exercise finds the exercise there.
  request_replacement(state, Replacement{.line = "lab exercise start " + id, .exercise_from_link = id});
}

void hand_over_exercise_report(AppState& state) {
  if (!state.lessons.report) return;
  const ExerciseReport& report = *state.lessons.report;
  js_hand_over_report(report.file_name.c_str(), report.json.c_str(), report.html.c_str());
  state.lessons.report.reset();
}

}  // namespace podlab::web
