// The page's defences, the browser's part (web/app/page_guard.h is the lab's): every console line
// is recorded in the browser's storage before it runs and cleared after, so that if the lab stops in
// the middle of one, web/platform/crash_guard.js says so, keeps the lab, and offers to reopen it
// without that line or to download it; the limits are published for the page's scripts; and a test
// can make the lab stop, as a bug would.
#pragma once

namespace podlab::web {

struct AppState;

void install_page_guard(AppState& state);

}  // namespace podlab::web
