// Keeping replaced labs, the browser's part: the recent labs in localStorage (JavaScript side:
// lab_keeping.js) and the page's address once the learner left an exercise.
#pragma once

namespace podlab::web {

struct AppState;

void start_replacing(AppState* state);
// After every frame: settles a replacement that waited, stores the recent labs when they changed.
void keep_replaced_labs(AppState& state);

}  // namespace podlab::web
