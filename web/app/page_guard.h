// The page's own defences, the parts that are the lab's to decide: how large an input, a lab and a
// share link may be (refused beyond that with what limit and what to do, changing nothing), and the
// watch told of every console line just before it runs and just after. The page records the line
// being run (web/platform/crash_guard.cpp), so that if the lab stops in the middle of one (a bug: an
// assert, an out-of-bounds access, abort()) it knows which line it was, even after a reload, and
// can reopen the lab without it.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/lab/session.h"
#include "web/app/saved_lab.h"

namespace podlab::web {

struct AppState;

// The limits. `make soak` measures replay speed: 77 lines/s for a lab mixing traffic, DNS and
// kubectl lines on a heavily loaded 2-core machine, so a lab at max_lab_lines may take minutes
// there; the line limit may need lowering once measured on an idle machine.
inline constexpr size_t max_input_bytes = size_t{1} << 20;       // one console line with its here-document, one manifest
inline constexpr size_t max_lab_lines = 20000;                   // lines a lab keeps (and replays when opened)
inline constexpr size_t max_lab_bytes = size_t{8} << 20;         // the text of those lines
inline constexpr size_t max_lab_file_bytes = size_t{16} << 20;   // a saved lab's JSON (file, link, autosave): the lines escaped
inline constexpr size_t max_share_link_chars = 64 * 1024;        // longer links are cut short by browsers and chat apps

struct LineWatch {
  // `replay_index`: the line's place in the lab being opened; nullopt for a line run on the lab on screen.
  std::function<void(std::string_view line, std::optional<size_t> replay_index)> starting;
  std::function<void()> done;
};

struct PageGuard {
  LineWatch line_watch;
  bool autosave_failing = false;  // the browser's storage refused the last autosave
};

// Why the lab on screen will not run `line` (too long, or the lab holds all it can keep), in the
// learner's language; nullopt when it runs.
std::optional<std::string> line_refusal(const AppState& state, std::string_view line);
// Runs a line on the lab on screen (the console, the forms, the panels, the JavaScript API): the
// watch is told before and after; a refused line is shown in the console with why, and changes nothing.
lab::CommandResult run_live_line(AppState& state, const std::string& line);

// A saved lab's text too large to open, or a parsed one with too many lines.
std::optional<LabProblem> lab_text_problem(std::string_view text);
std::optional<LabProblem> lab_lines_problem(const SavedLab& lab);

// The browser's storage took the autosave, or refused it (full): the first refusal leaves a notice
// saying the lab can no longer be saved automatically and how to keep the work.
void note_autosave_result(AppState& state, bool stored);
// A share link longer than max_share_link_chars was not made: a notice says so and what to do instead.
void report_link_too_long(AppState& state, size_t length);
// What was not read because it is larger than its limit: a lab file, a manifest file for the YAML
// panel, or a share link's lab (`bytes`: how much it had inflated to when reading stopped).
enum class TooLarge { LabFile, ManifestFile, LinkLab };
void report_too_large(AppState& state, TooLarge what, std::string name, size_t bytes);

// "1.5 MB", "700 KB", "512 bytes": sizes in the messages, in units of 1024.
std::string byte_size_text(size_t bytes);

}  // namespace podlab::web
