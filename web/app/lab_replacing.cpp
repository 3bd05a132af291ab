#include "web/app/lab_replacing.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/lab/exercise_report.h"
#include "core/lab/json_text.h"
#include "core/lab/text.h"
#include "web/app/app_state.h"
#include "web/app/fill_text.h"
#include "web/app/page_guard.h"

namespace podlab::web {

namespace {

using nlohmann::json;

json entry_json(const RecentLab& lab) {
  return {{"name", lab.name}, {"time", lab.time_ms}, {"lines", lab.lines}, {"lab", lab.lab}};
}

std::optional<RecentLab> parse_entry(const json& entry) {
  if (!entry.is_object()) return std::nullopt;
  const auto name = entry.find("name"), time = entry.find("time"), lines = entry.find("lines"), lab = entry.find("lab");
  if (name == entry.end() || !name->is_string() || time == entry.end() || !time->is_number_integer() || lines == entry.end() ||
      !lines->is_number_unsigned() || lab == entry.end() || !lab->is_string())
    return std::nullopt;
  return RecentLab{name->get<std::string>(), time->get<int64_t>(), lines->get<size_t>(), lab->get<std::string>()};
}

int64_t now_ms(const AppState& state) { return state.session.wall_time().value_or(0); }

// The lab on screen before `line` ran, when the line may start a new one.
std::optional<RecentLab> snapshot_before(const AppState& state, const std::string& line) {
  if (!starts_new_lab(line)) return std::nullopt;
  return recent_lab_of(state.session, now_ms(state));
}

void perform(AppState& state, const Replacement& replacement) {
  LabReplacing& replacing = state.replacing;
  replacing.reopening.reset();  // from an earlier lab that did not open
  replacing.leaving_exercise = false;
  switch (replacement.kind) {
    case Replacement::Kind::ConsoleLine: {
      Intents intents;
      intents.console_line = replacement.line;
      intents.console_line_confirmed = true;
      apply_intents(state, intents);
      return;
    }
    case Replacement::Kind::OpenLab:
      open_saved_lab(state, replacement.text, replacement.origin, replacement.source_name);
      return;
    case Replacement::Kind::ReopenRecent: {
      const auto& labs = replacing.recent.labs;
      const auto found = std::find_if(labs.begin(), labs.end(), [&](const RecentLab& lab) { return lab.time_ms == replacement.recent_time_ms; });
      if (found == labs.end()) return;
      replacing.reopening = found->time_ms;
      open_saved_lab(state, found->lab, LabOrigin::Recent, found->name);
      return;
    }
    case Replacement::Kind::LeaveExercise:
      if (replacing.recent.before_exercise) {
        replacing.leaving_exercise = true;
        replacing.reopening = replacing.recent.before_exercise->time_ms;  // its copy in the list goes
        open_saved_lab(state, replacing.recent.before_exercise->lab, LabOrigin::Recent, replacing.recent.before_exercise->name);
      } else {
        run_keeping_replaced(state, "lab reset");
        replacing.left_exercise = true;
      }
      return;
  }
}

// The request waits while the page has not opened its starting lab, or a lab is being opened.
bool can_settle(const AppState& state) { return !state.replacing.awaiting_start && !state.keeping.replay; }

}  // namespace

std::string recent_labs_json(const RecentLabs& recent) {
  json labs = json::array();
  for (const RecentLab& lab : recent.labs) labs.push_back(entry_json(lab));
  return lab::json_text(json{{"labs", labs}, {"beforeExercise", recent.before_exercise ? entry_json(*recent.before_exercise) : json(nullptr)}});
}

RecentLabs parse_recent_labs(std::string_view text) {
  RecentLabs recent;
  const json document = json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return recent;
  if (const auto labs = document.find("labs"); labs != document.end() && labs->is_array())
    for (const json& entry : *labs)
      if (auto lab = parse_entry(entry); lab && recent.labs.size() < recent_labs_kept) recent.labs.push_back(std::move(*lab));
  if (const auto before = document.find("beforeExercise"); before != document.end()) recent.before_exercise = parse_entry(*before);
  return recent;
}

void keep_recent_lab(RecentLabs& recent, RecentLab lab) {
  recent.labs.insert(recent.labs.begin(), std::move(lab));
  if (recent.labs.size() > recent_labs_kept) recent.labs.resize(recent_labs_kept);
}

bool lab_untouched(const lab::Session& session) { return session.history().empty(); }

RecentLab recent_lab_of(const lab::Session& session, int64_t now_ms) {
  std::string name = session.world().cluster.name;
  if (session.exercise()) name = session.exercise()->exercise->id;
  else if (session.lesson()) name = session.lesson()->lesson->id;
  return RecentLab{name, now_ms, session.history().size(), saved_lab_json(saved_lab_of(session))};
}

std::string recent_lab_label(const RecentLab& lab, int utc_offset_minutes, Language language) {
  // "2026-12-07T14:32:05Z" of the local time: the date and the minutes.
  const std::string time = lab::utc_time_text(lab.time_ms + int64_t{utc_offset_minutes} * 60'000);
  return fill_text(translate(language, Text::RecentLabEntry), {lab.name, time.substr(0, 10) + " " + time.substr(11, 5), std::to_string(lab.lines)});
}

bool starts_new_lab(const std::string& line) {
  if (!line.starts_with("lab ")) return false;  // most lines: no need to split them
  const auto words = lab::split_words(line.substr(0, line.find('\n')));
  if (!words || words->size() < 2 || (*words)[0] != "lab") return false;
  const std::string& what = (*words)[1];
  const std::string action = words->size() > 2 ? (*words)[2] : "";
  return what == "reset" || (what == "cluster" && action == "init") || ((what == "lesson" || what == "exercise") && action == "start");
}

void request_replacement(AppState& state, Replacement replacement) {
  state.replacing.pending = std::move(replacement);
  settle_replacement(state);
}

void settle_replacement(AppState& state) {
  LabReplacing& replacing = state.replacing;
  if (!replacing.pending || !can_settle(state)) return;
  const Replacement& pending = *replacing.pending;
  const auto* exercise = state.session.exercise() ? state.session.exercise()->exercise : nullptr;
  if (!pending.exercise_from_link.empty() && exercise && exercise->id == pending.exercise_from_link) {
    replacing.pending.reset();  // reloaded mid-exercise: the saved lab already holds it
    return;
  }
  // Leaving an exercise keeps it in the recent labs: nothing to ask.
  if (!lab_untouched(state.session) && pending.kind != Replacement::Kind::LeaveExercise) return;  // asked
  const Replacement replacement = std::move(*replacing.pending);
  replacing.pending.reset();
  perform(state, replacement);
}

std::optional<std::string> replace_question(const AppState& state) {
  if (!state.replacing.pending || !can_settle(state)) return std::nullopt;
  const RecentLab kept{recent_lab_of(state.session, now_ms(state))};
  return fill_text(state.text(Text::ReplaceQuestion), {recent_lab_label(kept, state.replacing.utc_offset_minutes, state.language)});
}

void answer_replacement(AppState& state, bool replace) {
  LabReplacing& replacing = state.replacing;
  if (!replacing.pending) return;
  const Replacement replacement = std::move(*replacing.pending);
  replacing.pending.reset();
  if (replace) {
    perform(state, replacement);
  } else {
    state.build.awaiting_console = UINT64_MAX;  // a form whose line was not run can be sent again
  }
}

lab::CommandResult run_keeping_replaced(AppState& state, const std::string& line) {
  std::optional<RecentLab> before = snapshot_before(state, line);
  const bool exercise_before = state.session.exercise().has_value();
  const size_t lines_before = state.session.history().size();
  lab::CommandResult result = run_live_line(state, line);
  // A new lab's history starts again with its own line (or nothing, after `lab reset`).
  const bool restarted = state.session.history().size() != lines_before + 1 || lines_before == 0;
  if (!before || !restarted) return result;
  LabReplacing& replacing = state.replacing;
  const bool untouched = before->lines == 0;
  if (state.session.exercise() && !exercise_before) replacing.recent.before_exercise = untouched ? std::nullopt : before;
  if (!state.session.exercise()) replacing.recent.before_exercise.reset();
  if (!untouched) keep_recent_lab(replacing.recent, std::move(*before));
  replacing.recent_changed = true;
  return result;
}

void keep_lab_being_replaced(AppState& state) {
  LabReplacing& replacing = state.replacing;
  if (replacing.reopening) {
    auto& labs = replacing.recent.labs;
    const auto found = std::find_if(labs.begin(), labs.end(), [&](const RecentLab& lab) { return lab.time_ms == *replacing.reopening; });
    if (found != labs.end()) labs.erase(found);
    replacing.reopening.reset();
    replacing.recent_changed = true;
  }
  if (replacing.leaving_exercise) {
    replacing.recent.before_exercise.reset();
    replacing.leaving_exercise = false;
    replacing.left_exercise = true;
    replacing.recent_changed = true;
  }
  if (lab_untouched(state.session)) return;
  keep_recent_lab(replacing.recent, recent_lab_of(state.session, now_ms(state)));
  replacing.recent_changed = true;
}

void leave_exercise(AppState& state) { request_replacement(state, Replacement{.kind = Replacement::Kind::LeaveExercise}); }

}  // namespace podlab::web
