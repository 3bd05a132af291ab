// The console panel's model: the lines run and what they printed (the scrollback), and the
// history a learner walks with Up and Down. Every line goes to the lab's Session; lines sent through
// the JavaScript API land here too, so the learner sees every command that changed the lab.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lab/session.h"

namespace podlab::web {

// A line put in the console's input: the part to select (the first word in capitals, a value the
// learner chooses: `NODE`, `CIDR`; not one the tools spell so, like SRV or ACCEPT), or an empty
// range at the end.
struct InputSelection {
  size_t start = 0;
  size_t end = 0;
};
InputSelection input_selection(std::string_view line);

struct ConsoleEntry {
  std::string command;
  std::string output;
  bool ok = true;
};

class ConsoleModel {
 public:
  static constexpr size_t max_entries = 500;  // older output scrolls away

  // Runs `line` in the session and records it. Returns the session's result.
  lab::CommandResult submit(lab::Session& session, const std::string& line, std::optional<int64_t> clock = std::nullopt);
  // Shows a line the lab would not run and why: its first line only (it may be a megabyte of
  // manifest), with "…" for its input; nothing else changes.
  void refuse(std::string_view line, std::string why);

  // History navigation: older() and newer() return the line to show in the input, or "" past the
  // newest. A new submit() resets the position.
  const std::string& older();
  const std::string& newer();

  const std::vector<ConsoleEntry>& entries() const { return entries_; }
  // What the last entry shows in place of what the line printed (a submitted report's summary).
  void show_instead(std::string output);
  // Bumped on every submit, so the panel knows to scroll to the bottom.
  uint64_t revision() const { return revision_; }

 private:
  std::vector<ConsoleEntry> entries_;
  std::vector<std::string> history_;
  size_t history_position_ = 0;  // == history_.size(): not walking the history
  uint64_t revision_ = 0;
  std::string empty_;
};

}  // namespace podlab::web
