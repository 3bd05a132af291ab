// Keeping the learner's work, the browser's part: after every frame, stores the lab when a line
// changed it, runs a lab being opened for a slice of the frame, and carries out the File menu's and
// the YAML panel's requests (download, file picker, share link). JavaScript side: lab_keeping.js.
#pragma once

namespace podlab::web {

struct AppState;
struct Intents;

// Asks the page for the lab to start with: the share link in the URL, else the autosave.
void start_keeping(AppState* state);
void keep_work(AppState& state, const Intents& intents);
// Stores the lab in the browser's storage if a line changed it since it was last stored.
void store_lab_if_due(AppState& state);

}  // namespace podlab::web
