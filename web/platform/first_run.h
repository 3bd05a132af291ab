// The welcome card's memory, the browser's part: whether the learner dismissed it on an earlier
// visit (kept in localStorage), and whether the page was opened for something else (an exercise
// link, a shared lab). What to show is the view-model's choice (web/app/welcome.h).
#pragma once

namespace podlab::web {

struct AppState;

bool welcome_dismissed_before();
// Call before keeping starts: it takes a shared lab's fragment out of the URL.
bool page_opened_for_something();
// After every frame: writes a new dismissal down.
void remember_welcome(AppState& state);

}  // namespace podlab::web
