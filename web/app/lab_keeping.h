// Keeping the learner's work: the lab saved to the browser's storage after every line, opened
// again from there, from a .podlab.json file or from a share link, and the messages about it. One
// mechanism underneath: the saved lab (web/app/saved_lab.h) replayed into a fresh Session, swapped
// in only when the replay succeeded. The platform layer does the browser's part (storage, files,
// the URL, the clipboard) and calls these functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "web/app/saved_lab.h"

namespace podlab::web {

struct AppState;

struct KeepingNotice {
  LabOrigin origin = LabOrigin::File;
  LabProblem problem;
  std::string source_name;  // the file's name
  std::string kept_text;    // an autosave that did not replay: kept aside, offered for download
};

struct LabKeeping {
  std::optional<LabReplay> replay;       // a lab being opened
  uint64_t replay_started_frame = 0;     // the progress window shows when a replay takes a while
  std::string replay_text;               // the text being opened, kept aside if an autosave fails
  std::optional<KeepingNotice> notice;   // shown until the learner closes it
  std::string notice_text;               // the notice in notice_language, made when either changes
  Language notice_language = Language::English;
  std::string share_link;                // the last link made; its window shows while share_open
  bool share_open = false;
  bool share_copied = false;             // the browser put it on the clipboard
  uint64_t saved_revision = 0;           // the session revision last written to storage
  bool save_now = false;                 // a lab was swapped in: store it even if the revision matches
};

// The lab in `text` as it would be opened, or why it would not be: not a lab, or over the page's
// limits of size and lines.
ParsedLab parse_lab_to_open(std::string_view text);

// Starts opening a saved lab: a text that is not one becomes a notice at once (the lab on screen
// stays), a good one starts a replay that advance_replay() runs.
void open_saved_lab(AppState& state, std::string_view text, LabOrigin origin, std::string source_name);
// A share link whose fragment could not even be decoded (bad base64url, data that does not inflate).
void report_damaged_link(AppState& state, LabProblem problem);
// Replays up to `max_lines` more lines. When the replay ends, swaps the replayed lab in, or leaves a
// notice and the lab on screen as it was. Returns the text to keep aside when an autosave failed.
std::optional<std::string> advance_replay(AppState& state, size_t max_lines);
// The lab's saved form when it changed since it was last stored (and no replay is under way).
std::optional<std::string> autosave_due(AppState& state);
// The notice in the current language (made again only when the notice or the language changed).
const std::string& notice_text(AppState& state);

nlohmann::json keeping_json(const AppState& state);

}  // namespace podlab::web
