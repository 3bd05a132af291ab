#include "web/app/lab_keeping.h"

#include "web/app/app_state.h"

namespace podlab::web {

namespace {

void set_notice(AppState& state, KeepingNotice notice) {
  state.keeping.notice = std::move(notice);
  state.keeping.notice_text.clear();
}

}  // namespace

ParsedLab parse_lab_to_open(std::string_view text) {
  // Too large to read, or too long to replay: refused before any work (web/app/page_guard.h).
  if (std::optional<LabProblem> too_large = lab_text_problem(text)) return ParsedLab{std::nullopt, *too_large};
  ParsedLab parsed = parse_saved_lab(text);
  if (parsed.lab) {
    if (auto too_long = lab_lines_problem(*parsed.lab)) return ParsedLab{std::nullopt, *too_long};
  }
  return parsed;
}

void open_saved_lab(AppState& state, std::string_view text, LabOrigin origin, std::string source_name) {
  ParsedLab parsed = parse_lab_to_open(text);
  if (!parsed.lab) {
    set_notice(state, KeepingNotice{origin, parsed.problem, source_name, origin == LabOrigin::Autosave ? std::string(text) : ""});
    return;
  }
  state.keeping.replay.emplace(std::move(*parsed.lab), origin, std::move(source_name));
  // Lines that start an exercise read the clock and print in the learner's language as they run.
  state.keeping.replay->session().set_language(state.session.language());
  state.keeping.replay->session().set_wall_clock([&session = state.session] { return session.wall_time(); });
  state.keeping.replay_started_frame = state.frame;
  state.keeping.replay_text = origin == LabOrigin::Autosave ? std::string(text) : std::string();
}

void report_damaged_link(AppState& state, LabProblem problem) {
  set_notice(state, KeepingNotice{LabOrigin::ShareLink, std::move(problem), "", ""});
}

std::optional<std::string> advance_replay(AppState& state, size_t max_lines) {
  LabKeeping& keeping = state.keeping;
  if (!keeping.replay) return std::nullopt;
  LabReplay& replay = *keeping.replay;
  const LineWatch& watch = state.guard.line_watch;  // told of each line, as lines run on the lab on screen are
  for (size_t count = 0; count < max_lines && !replay.finished(); ++count) {
    if (watch.starting) watch.starting(*replay.next_line(), replay.lines_done());
    replay.run(1);
    if (watch.done) watch.done();
  }
  if (!replay.finished()) return std::nullopt;
  std::optional<std::string> kept;
  if (replay.succeeded()) {
    if (replay.origin() != LabOrigin::Autosave) keep_lab_being_replaced(state);
    lab::Session replayed = std::move(replay.session());
    replayed.follow(state.session);
    state.session = std::move(replayed);
    state.console = std::move(replay.console());
    keeping.save_now = true;
    state.view_fitted = false;
  } else {
    if (replay.origin() == LabOrigin::Autosave) kept = keeping.replay_text;
    set_notice(state, KeepingNotice{replay.origin(), *replay.problem(), replay.source_name(), kept.value_or("")});
  }
  keeping.replay.reset();
  keeping.replay_text.clear();
  return kept;
}

std::optional<std::string> autosave_due(AppState& state) {
  LabKeeping& keeping = state.keeping;
  if (keeping.replay) return std::nullopt;
  if (!keeping.save_now && keeping.saved_revision == state.session.revision()) return std::nullopt;
  keeping.save_now = false;
  keeping.saved_revision = state.session.revision();
  return saved_lab_json(saved_lab_of(state.session));
}

const std::string& notice_text(AppState& state) {
  LabKeeping& keeping = state.keeping;
  if (keeping.notice && (keeping.notice_text.empty() || keeping.notice_language != state.language)) {
    keeping.notice_text = lab_problem_text(state.language, keeping.notice->origin, keeping.notice->problem, keeping.notice->source_name);
    keeping.notice_language = state.language;
  }
  return keeping.notice_text;
}

namespace {

nlohmann::json yaml_json(const YamlEditor& yaml) {
  nlohmann::json errors = nlohmann::json::array();
  for (const YamlError& error : yaml.errors) errors.push_back({{"line", error.line}, {"column", error.column}, {"message", error.message}});
  return {{"open", yaml.open}, {"text", std::string(yaml_text(yaml))}, {"errors", errors}, {"applied", yaml.applied}};
}

}  // namespace

nlohmann::json keeping_json(const AppState& state) {
  const LabKeeping& keeping = state.keeping;
  nlohmann::json replay = nullptr;
  if (keeping.replay) replay = {{"done", keeping.replay->lines_done()}, {"total", keeping.replay->line_count()}};
  return {{"replay", replay},
          {"notice", keeping.notice ? nlohmann::json(keeping.notice_text) : nlohmann::json(nullptr)},
          {"shareLink", keeping.share_link},
          {"shareOpen", keeping.share_open},
          {"shareCopied", keeping.share_copied},
          {"lines", state.session.history().size()},
          {"yaml", yaml_json(state.yaml)}};
}

}  // namespace podlab::web
