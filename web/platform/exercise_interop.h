// What lessons and exercises need from the browser: the wall clock (an exercise's start and submit
// times, its countdown), an exercise named in the page's address (`?exercise=e1-missing-route`),
// and handing a submitted exercise's report to the learner (a JSON file to download and a
// printable page in a new tab).
#pragma once

#include <cstdint>

namespace podlab::web {

struct AppState;

// Unix milliseconds from the browser's clock.
int64_t wall_clock_now();
// Starts the exercise named by `?exercise=` as a console line (so it shows in the console and is
// replayed with the lab's lines) and opens the lessons panel. Does nothing without the parameter.
void open_exercise_from_url(AppState& state);
// Downloads the report kept by the last submit and opens its printable page, once.
void hand_over_exercise_report(AppState& state);

}  // namespace podlab::web
