#include "web/app/page_guard.h"

#include <cstdio>

#include "web/app/app_state.h"
#include "web/app/fill_text.h"

namespace podlab::web {

namespace {

size_t lab_text_bytes(const lab::Session& session) {
  size_t bytes = 0;
  for (const std::string& line : session.history()) bytes += line.size();
  return bytes;
}

// Lines that start the lab again run even when it is full: they are how to go on.
bool starts_again(std::string_view line) {
  return line == "lab reset" || line.starts_with("lab reset ") || line.starts_with("lab cluster init");
}

void set_notice(AppState& state, LabOrigin origin, LabProblem problem, std::string name = "") {
  state.keeping.notice = KeepingNotice{origin, std::move(problem), std::move(name), ""};
  state.keeping.notice_text.clear();
}

}  // namespace

std::string byte_size_text(size_t bytes) {
  char text[32];
  if (bytes >= (size_t{1} << 20))
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  else if (bytes >= 1024)
    std::snprintf(text, sizeof text, "%zu KB", (bytes + 1023) / 1024);
  else
    std::snprintf(text, sizeof text, "%zu bytes", bytes);
  return text;
}

std::optional<std::string> line_refusal(const AppState& state, std::string_view line) {
  if (line.size() > max_input_bytes)
    return fill_text(state.text(Text::GuardInputTooLarge), {byte_size_text(line.size()), byte_size_text(max_input_bytes)});
  if (starts_again(line)) return std::nullopt;
  if (state.session.history().size() >= max_lab_lines || lab_text_bytes(state.session) + line.size() > max_lab_bytes)
    return fill_text(state.text(Text::GuardLabFull), {std::to_string(max_lab_lines), byte_size_text(max_lab_bytes)});
  return std::nullopt;
}

lab::CommandResult run_live_line(AppState& state, const std::string& line) {
  if (auto why = line_refusal(state, line)) {
    state.console.refuse(line, *why);
    return lab::CommandResult{.command = line.substr(0, line.find('\n')), .ok = false, .output = *why};
  }
  const LineWatch& watch = state.guard.line_watch;
  if (watch.starting) watch.starting(line, std::nullopt);
  lab::CommandResult result = state.console.submit(state.session, line);
  if (watch.done) watch.done();
  return result;
}

std::optional<LabProblem> lab_text_problem(std::string_view text) {
  if (text.size() <= max_lab_file_bytes) return std::nullopt;
  return LabProblem{.kind = LabProblemKind::TooLarge, .line = static_cast<long long>(text.size()),
                    .column = static_cast<long long>(max_lab_file_bytes)};
}

std::optional<LabProblem> lab_lines_problem(const SavedLab& lab) {
  if (lab.lines.size() <= max_lab_lines) return std::nullopt;
  return LabProblem{.kind = LabProblemKind::TooManyLines, .line = static_cast<long long>(lab.lines.size()),
                    .column = static_cast<long long>(max_lab_lines)};
}

void note_autosave_result(AppState& state, bool stored) {
  if (!stored && !state.guard.autosave_failing) set_notice(state, LabOrigin::Autosave, LabProblem{.kind = LabProblemKind::AutosaveFull});
  state.guard.autosave_failing = !stored;
}

void report_link_too_long(AppState& state, size_t length) {
  set_notice(state, LabOrigin::ShareLink, LabProblem{.kind = LabProblemKind::LinkTooLong, .line = static_cast<long long>(length),
                                                     .column = static_cast<long long>(max_share_link_chars)});
}

void report_too_large(AppState& state, TooLarge what, std::string name, size_t bytes) {
  const bool manifest = what == TooLarge::ManifestFile;
  set_notice(state, what == TooLarge::LinkLab ? LabOrigin::ShareLink : LabOrigin::File,
             LabProblem{.kind = manifest ? LabProblemKind::InputTooLarge : LabProblemKind::TooLarge,
                        .line = static_cast<long long>(bytes),
                        .column = static_cast<long long>(manifest ? max_input_bytes : max_lab_file_bytes)},
             std::move(name));
}

}  // namespace podlab::web
