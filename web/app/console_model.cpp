#include "web/app/console_model.h"

#include <algorithm>
#include <array>

namespace podlab::web {

namespace {

// Words the tools themselves take in capitals: DNS record types and iptables' targets and chains.
constexpr std::array<std::string_view, 20> literal_capitals = {
    "A", "AAAA", "ANY", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT",
    "ACCEPT", "DROP", "REJECT", "RETURN", "DNAT", "SNAT", "MASQUERADE", "PREROUTING", "POSTROUTING", "OUTPUT"};

}  // namespace

InputSelection input_selection(std::string_view line) {
  size_t start = 0;
  while (start < line.size()) {
    while (start < line.size() && line[start] == ' ') ++start;
    size_t end = start;
    while (end < line.size() && line[end] != ' ') ++end;
    bool capitals = end > start;
    for (size_t i = start; i < end && capitals; ++i) capitals = (line[i] >= 'A' && line[i] <= 'Z') || line[i] == '_';
    if (capitals && std::find(literal_capitals.begin(), literal_capitals.end(), line.substr(start, end - start)) == literal_capitals.end())
      return {start, end};
    start = end;
  }
  return {line.size(), line.size()};
}

lab::CommandResult ConsoleModel::submit(lab::Session& session, const std::string& line, std::optional<int64_t> clock) {
  lab::CommandResult result = session.replay(line, clock);
  entries_.push_back(ConsoleEntry{line, result.output, result.ok});
  if (entries_.size() > max_entries) entries_.erase(entries_.begin());
  if (!line.empty() && (history_.empty() || history_.back() != line)) history_.push_back(line);
  history_position_ = history_.size();
  ++revision_;
  return result;
}

void ConsoleModel::refuse(std::string_view line, std::string why) {
  constexpr size_t shown = 200;
  const size_t newline = line.find('\n');
  std::string command(line.substr(0, std::min(newline, shown)));
  if (newline > shown && line.size() > shown) command += "…";
  if (newline != std::string_view::npos) command += "\n…";
  entries_.push_back(ConsoleEntry{std::move(command), std::move(why), false});
  if (entries_.size() > max_entries) entries_.erase(entries_.begin());
  ++revision_;
}

void ConsoleModel::show_instead(std::string output) {
  if (entries_.empty()) return;
  entries_.back().output = std::move(output);
  ++revision_;
}

const std::string& ConsoleModel::older() {
  if (history_.empty()) return empty_;
  if (history_position_ > 0) --history_position_;
  return history_[history_position_];
}

const std::string& ConsoleModel::newer() {
  if (history_position_ < history_.size()) ++history_position_;
  if (history_position_ >= history_.size()) return empty_;
  return history_[history_position_];
}

}  // namespace podlab::web
