// The lessons panel: the lessons and exercises on offer, and the running one: the step's text (with
// its commands clickable into the console), the goals ticking green as the lab meets them, the
// question to answer before the traffic moves, hints one at a time, Back and Next; for an exercise,
// its tasks and points, the score, the clock, and Submit. Every button is a console line.
#include <imgui.h>

#include <cfloat>
#include <cstdio>
#include <string>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

const ImVec4 met_color{0.35f, 0.85f, 0.45f, 1.0f};
const ImVec4 unmet_color{0.65f, 0.68f, 0.72f, 1.0f};
const ImVec4 wrong_color{0.95f, 0.5f, 0.45f, 1.0f};
const ImVec4 heading_color{0.55f, 0.75f, 1.0f, 1.0f};
const ImVec4 progress_color{0.95f, 0.8f, 0.35f, 1.0f};
constexpr ImU32 code_background = IM_COL32(255, 255, 255, 22);
constexpr ImU32 code_text = IM_COL32(150, 215, 255, 255);
constexpr ImU32 emphasis_text = IM_COL32(250, 220, 150, 255);
constexpr ImU32 strong_text = IM_COL32(255, 255, 255, 255);

struct Panel {
  AppState& state;
  Intents& intents;
  lab::Language language;
  size_t slot = 0;  // the next cached text

  const std::string& in(const lab::LocalizedText& text) const { return text.in(language); }
  const char* say(Text key) const { return state.text(key); }
  void run(std::string line) { intents.console_line = std::move(line); }
};

void heading(const char* text) {
  ImGui::Spacing();
  ImGui::TextColored(heading_color, "%s", text);
  ImGui::Separator();
}

// Lesson Markdown, wrapped to the panel; a command in it is a button that fills the console's input.
void draw_markdown(Panel& panel, const std::string& source) {
  auto& texts = panel.state.lessons.texts;
  if (texts.size() <= panel.slot) texts.resize(panel.slot + 1);
  CachedText& cache = texts[panel.slot];
  ImGui::PushID(static_cast<int>(panel.slot++));
  ImFont* sans = ImGui::GetFont();
  ImFont* mono = monospace_font();
  const float size = ImGui::GetFontSize();
  const TextMetrics metrics{
      .measure = [sans, mono, size](std::string_view text, RunStyle style) {
        ImFont* font = style == RunStyle::Code ? mono : sans;
        return font->CalcTextSizeA(size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
      },
      .line_height = size * 1.4f,
      .paragraph_gap = size * 0.6f,
      .list_indent = size * 1.2f,
      .code_padding = 5,
  };
  const float width = std::max(ImGui::GetContentRegionAvail().x, 80.0f);
  const WrappedText& wrapped = wrap_cached(cache, source, width, metrics);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 plain_text = ImGui::GetColorU32(ImGuiCol_Text);
  const float text_top = (metrics.line_height - size) * 0.5f;
  for (const Rect& block : wrapped.code_blocks)
    draw->AddRectFilled(ImVec2(origin.x + block.min.x, origin.y + block.min.y), ImVec2(origin.x + block.max.x, origin.y + block.max.y),
                        code_background, 4.0f);
  for (const Vec2& bullet : wrapped.bullets)
    draw->AddCircleFilled(ImVec2(origin.x + bullet.x + 3, origin.y + bullet.y + metrics.line_height * 0.5f), 2.5f, plain_text);
  for (size_t i = 0; i < wrapped.pieces.size(); ++i) {
    const PlacedRun& piece = wrapped.pieces[i];
    const ImVec2 at(origin.x + piece.position.x, origin.y + piece.position.y + text_top);
    const char* begin = piece.text.c_str();
    const char* end = begin + piece.text.size();
    bool hovered = false;
    if (piece.line_of >= 0) {
      ImGui::SetCursorScreenPos(ImVec2(at.x - 2, at.y - 1));
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::InvisibleButton("code", ImVec2(piece.width + 4, size + 2)))
        panel.intents.console_input = wrapped.lines[piece.line_of];
      ImGui::PopID();
      publish_last_item(panel.state, "lessons.code", wrapped.lines[piece.line_of].c_str(), piece.line_of);
      hovered = ImGui::IsItemHovered();
      if (hovered) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s", panel.say(Text::LessonCodeTip));
      }
    }
    switch (piece.style) {
      case RunStyle::Code:
        if (!piece.in_code_block)
          draw->AddRectFilled(ImVec2(at.x - 2, at.y - 1), ImVec2(at.x + piece.width + 2, at.y + size + 1), code_background, 3.0f);
        draw->AddText(mono, size, at, code_text, begin, end);
        if (piece.line_of >= 0)  // dotted underline: this one can be clicked
          for (float x = at.x; x < at.x + piece.width; x += 4)
            draw->AddLine(ImVec2(x, at.y + size + 1), ImVec2(x + (hovered ? 4.0f : 2.0f), at.y + size + 1), code_text);
        break;
      case RunStyle::Emphasis: draw->AddText(sans, size, at, emphasis_text, begin, end); break;
      case RunStyle::Strong:
        draw->AddText(sans, size, at, strong_text, begin, end);
        draw->AddText(sans, size, ImVec2(at.x + 0.7f, at.y), strong_text, begin, end);
        break;
      case RunStyle::Plain: draw->AddText(sans, size, at, plain_text, begin, end); break;
    }
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, wrapped.height));
  ImGui::PopID();
}

// A goal's mark and its text, whose commands can be clicked like the step's.
void draw_goal(Panel& panel, const lab::GoalView& goal, const char* id, int index) {
  ImGui::TextColored(goal.met ? met_color : unmet_color, "%s", goal.met ? "✓" : "○");
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::PushStyleColor(ImGuiCol_Text, goal.met ? met_color : ImGui::GetStyleColorVec4(ImGuiCol_Text));
  draw_markdown(panel, panel.in(goal.text));
  ImGui::PopStyleColor();
  ImGui::EndGroup();
  publish_last_item(panel.state, id, panel.in(goal.text).c_str(), index);
}

// A row of wrapped text that is one button: the choices of a question.
bool wrapped_button(const char* id, const char* number, const std::string& text) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float indent = ImGui::CalcTextSize("0. ").x + style.FramePadding.x;
  const float wrap = ImGui::GetContentRegionAvail().x - indent - style.FramePadding.x;
  const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::Button(id, ImVec2(-FLT_MIN, size.y + style.FramePadding.y * 2));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text);
  draw->AddText(ImVec2(at.x + style.FramePadding.x, at.y + style.FramePadding.y), color, number);
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + indent, at.y + style.FramePadding.y), color, text.c_str(),
                nullptr, wrap);
  return clicked;
}

void draw_question(Panel& panel, const lab::QuestionView& question) {
  heading(panel.say(Text::LessonQuestion));
  ImGui::TextWrapped("%s", panel.in(question.prompt).c_str());
  char number[16];
  char id[32];
  for (size_t i = 0; i < question.choices.size(); ++i) {
    const std::string& choice = panel.in(question.choices[i]);
    std::snprintf(number, sizeof number, "%zu.", i + 1);
    if (!question.answered) {
      std::snprintf(id, sizeof id, "##choice%zu", i);
      if (wrapped_button(id, number, choice)) panel.run("lab lesson answer " + std::to_string(i + 1));
      publish_last_item(panel.state, "lessons.choice", choice.c_str(), static_cast<int>(i));
      continue;
    }
    const bool right = static_cast<int>(i) == question.answer;
    const bool chosen = static_cast<int>(i) == *question.answered;
    ImGui::TextColored(right ? met_color : chosen ? wrong_color : unmet_color, "%s", right ? "✓" : chosen ? "✗" : number);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, right ? met_color : chosen ? wrong_color : unmet_color);
    ImGui::TextWrapped("%s", choice.c_str());
    ImGui::PopStyleColor();
    publish_last_item(panel.state, right ? "lessons.choice.right" : chosen ? "lessons.choice.wrong" : "lessons.choice.other",
                      choice.c_str(), static_cast<int>(i));
  }
  if (!question.answered) {
    ImGui::TextDisabled("%s", panel.say(Text::LessonQuestionHint));
    return;
  }
  const bool right = *question.answered == question.answer;
  ImGui::TextColored(right ? met_color : wrong_color, "%s", panel.say(right ? Text::LessonRight : Text::LessonWrong));
  publish_last_item(panel.state, "lessons.verdict", panel.say(right ? Text::LessonRight : Text::LessonWrong));
  draw_markdown(panel, panel.in(question.explain));
}

// The revealed hints, and a button for the next one that runs `command` (with the task's id, if any).
void draw_hints(Panel& panel, const std::vector<lab::LocalizedText>& hints, size_t hint_count, const char* command,
                const std::string* task = nullptr) {
  char label[96];
  for (size_t i = 0; i < hints.size(); ++i) {
    std::snprintf(label, sizeof label, panel.say(Text::LessonHint), static_cast<int>(i + 1));
    ImGui::TextColored(progress_color, "%s", label);
    draw_markdown(panel, panel.in(hints[i]));
  }
  if (hints.size() >= hint_count) return;
  const int length = std::snprintf(label, sizeof label, panel.say(Text::LessonShowHint), static_cast<int>(hint_count - hints.size()));
  std::snprintf(label + length, sizeof label - length, "###hint");
  if (ImGui::SmallButton(label)) panel.run(task ? std::string(command) + " " + *task : std::string(command));
  publish_last_item(panel.state, "lessons.hint", panel.say(Text::ExerciseHint));
}

void draw_lesson(Panel& panel, const lab::LessonView& lesson, const std::optional<std::string>& next_lesson) {
  LessonsPanelState& lessons = panel.state.lessons;
  if (lesson.step != lessons.scrolled_step) {
    ImGui::SetScrollY(0);
    lessons.scrolled_step = lesson.step;
    lessons.scrolled_hints = lesson.hints.size();
  }
  ImGui::TextColored(heading_color, "%s", panel.in(lesson.title).c_str());
  publish_last_item(panel.state, "lessons.title", panel.in(lesson.title).c_str());
  const std::string progress = lesson_progress_label(lesson, panel.state.language);
  const float fraction = lesson.finished ? 1.0f : static_cast<float>(lesson.step) / static_cast<float>(std::max<size_t>(lesson.step_count, 1));
  ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0), progress.c_str());
  publish_last_item(panel.state, "lessons.progress", panel.say(lesson.finished ? Text::LessonStatusDone : Text::LessonStep));
  if (lesson.finished) {
    ImGui::Spacing();
    ImGui::TextColored(met_color, "✓ %s", panel.say(Text::LessonFinished));
    publish_last_item(panel.state, "lessons.finished", panel.say(Text::LessonFinished));
  } else {
    ImGui::Spacing();
    draw_markdown(panel, panel.in(lesson.step_text));
    if (lesson.question) draw_question(panel, *lesson.question);
    if (!lesson.goals.empty()) heading(panel.say(Text::LessonGoals));
    for (size_t i = 0; i < lesson.goals.size(); ++i) draw_goal(panel, lesson.goals[i], "lessons.goal", static_cast<int>(i));
    if (lesson.hint_count > 0) ImGui::Spacing();
    draw_hints(panel, lesson.hints, lesson.hint_count, "lab lesson hint");
    if (lesson.hints.size() > lessons.scrolled_hints) ImGui::SetScrollHereY(1.0f);
    lessons.scrolled_hints = lesson.hints.size();
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::BeginDisabled(!lesson.can_go_back);
  if (ImGui::Button(panel.say(Text::LessonBack))) panel.run("lab lesson back");
  publish_last_item(panel.state, "lessons.back", panel.say(Text::LessonBack));
  ImGui::EndDisabled();
  if (lesson.finished) {
    ImGui::SameLine();
    if (next_lesson) {
      if (labelled_button(panel.state, Text::LessonNextLesson, "lessons.next-lesson")) panel.run("lab lesson start " + *next_lesson);
    } else {
      ImGui::TextWrapped("%s", panel.say(Text::LessonLastOne));
    }
    return;
  }
  ImGui::SameLine();
  const bool last = lesson.step + 1 == lesson.step_count;
  const std::optional<Text> blocked = next_blocked_reason(lesson);
  ImGui::BeginDisabled(blocked.has_value());
  const Text next = last ? Text::LessonFinish : Text::LessonNext;
  if (ImGui::Button(panel.say(next))) panel.run("lab lesson next");
  publish_last_item(panel.state, "lessons.next", panel.say(next));
  ImGui::EndDisabled();
  if (blocked) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, progress_color);
    ImGui::TextWrapped("%s", panel.say(*blocked));
    ImGui::PopStyleColor();
    publish_last_item(panel.state, "lessons.next.reason", panel.say(*blocked));
  }
}

// What the last submit handed in: the score, the time taken, each task, and the report to download.
void draw_summary(Panel& panel, const ExerciseSummary& summary) {
  heading(panel.say(Text::SummaryHeading));
  char text[160];
  std::snprintf(text, sizeof text, panel.say(Text::ExerciseScore), summary.earned, summary.total, summary.percent);
  ImGui::TextColored(summary.percent == 100 ? met_color : progress_color, "%s", text);
  publish_last_item(panel.state, "lessons.summary.score", panel.say(Text::ReportScore));
  if (summary.elapsed_seconds) {
    char duration[32];
    format_duration(*summary.elapsed_seconds * 1000, duration, sizeof duration);
    const int length = std::snprintf(text, sizeof text, panel.say(Text::ExerciseElapsed), duration);
    if (summary.over_time) std::snprintf(text + length, sizeof text - length, " (%s)", panel.say(Text::SummaryOverTime));
    ImGui::TextUnformatted(text);
    publish_last_item(panel.state, "lessons.summary.time", panel.say(Text::ExerciseElapsed));
  }
  for (size_t i = 0; i < summary.tasks.size(); ++i) {
    const SubmittedTask& task = summary.tasks[i];
    ImGui::TextColored(task.met ? met_color : wrong_color, "%s %d/%d", task.met ? "✓" : "✗", task.earned, task.points);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", task.text.c_str());
    publish_last_item(panel.state, task.met ? "lessons.summary.met" : "lessons.summary.unmet", task.text.c_str(), static_cast<int>(i));
  }
  if (labelled_button(panel.state, Text::SummaryDownload, "lessons.summary.download")) panel.state.lessons.report = summary.report;
}

void draw_exercise(Panel& panel, const lab::ExerciseView& exercise) {
  ImGui::TextColored(heading_color, "%s", panel.in(exercise.title).c_str());
  publish_last_item(panel.state, "lessons.title", panel.in(exercise.title).c_str());
  ImGui::TextWrapped("%s", panel.in(exercise.summary).c_str());
  char text[128];
  char duration[32];
  const ExerciseSummary* summary = panel.state.lessons.summary ? &*panel.state.lessons.summary : nullptr;
  if (const auto clock = exercise_clock(exercise, panel.state.session.wall_time())) {
    if (clock->left_ms) {
      format_duration(*clock->left_ms >= 0 ? *clock->left_ms : -*clock->left_ms, duration, sizeof duration);
      std::snprintf(text, sizeof text, panel.say(*clock->left_ms >= 0 ? Text::ExerciseTimeLeft : Text::ExerciseTimeUp), duration);
      ImGui::TextColored(*clock->left_ms >= 60'000 ? progress_color : wrong_color, "%s", text);
      publish_last_item(panel.state, "lessons.exercise.clock", panel.say(Text::ExerciseTimeLeft));
      ImGui::SameLine();
    }
    format_duration(clock->elapsed_ms, duration, sizeof duration);
    std::snprintf(text, sizeof text, panel.say(clock->submitted ? Text::ExerciseSubmittedAfter : Text::ExerciseElapsed), duration);
    ImGui::TextDisabled("%s", text);
    publish_last_item(panel.state, "lessons.exercise.elapsed", panel.say(clock->submitted ? Text::ExerciseSubmittedAfter : Text::ExerciseElapsed));
  }
  std::snprintf(text, sizeof text, panel.say(Text::ExerciseScore), exercise.points_earned, exercise.points_total, exercise.percent);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, met_color);
  ImGui::ProgressBar(static_cast<float>(exercise.percent) / 100.0f, ImVec2(-FLT_MIN, 0), text);
  ImGui::PopStyleColor();
  publish_last_item(panel.state, "lessons.exercise.score", panel.say(Text::ReportScore));
  for (const std::string& locked : exercise.locked) {
    std::snprintf(text, sizeof text, panel.say(Text::ExerciseLocked), locked.c_str());
    ImGui::TextDisabled("%s", text);
  }
  heading(panel.say(Text::ExerciseTasks));
  for (size_t task = 0; task < exercise.tasks.size(); ++task) {
    const lab::TaskView& view = exercise.tasks[task];
    ImGui::PushID(static_cast<int>(task));
    std::snprintf(text, sizeof text, panel.say(Text::ExercisePoints), view.points);
    ImGui::TextColored(view.met ? met_color : unmet_color, "%s %s", view.met ? "✓" : "○", text);
    publish_last_item(panel.state, "lessons.task", view.id.c_str(), static_cast<int>(task));
    draw_markdown(panel, panel.in(view.text));
    ImGui::Indent();
    for (size_t i = 0; i < view.goals.size(); ++i) draw_goal(panel, view.goals[i], "lessons.task.goal", static_cast<int>(i));
    draw_hints(panel, view.hints, view.hint_count, "lab exercise hint", &view.id);
    ImGui::Unindent();
    ImGui::Spacing();
    ImGui::PopID();
  }
  ImGui::Separator();
  if (ImGui::Button(panel.say(Text::ExerciseSubmit))) {
    panel.run("lab exercise submit");
    panel.intents.exercise_report = true;
  }
  publish_last_item(panel.state, "lessons.submit", panel.say(Text::ExerciseSubmit));
  ImGui::SameLine();
  if (ImGui::Button(panel.say(Text::ExerciseLeave))) panel.intents.leave_exercise = true;
  publish_last_item(panel.state, "lessons.leave", panel.say(Text::ExerciseLeave));
  if (exercise.submitted) {
    ImGui::PushStyleColor(ImGuiCol_Text, met_color);
    ImGui::TextWrapped("%s", panel.say(Text::ExerciseSubmittedState));
    ImGui::PopStyleColor();
    publish_last_item(panel.state, "lessons.submitted", panel.say(Text::ExerciseSubmittedState));
  }
  if (summary && summary->exercise_id == exercise.id && summary->started_unix_ms == exercise.started_unix_ms)
    draw_summary(panel, *summary);
}

void draw_catalog_entry(Panel& panel, const lab::CatalogEntry& entry, size_t index, bool lesson, bool running) {
  ImGui::PushID(entry.id.c_str());
  const LessonStatus status = lesson ? lesson_status(panel.state.lessons, entry.id) : LessonStatus::NotStarted;
  const ImVec4 color = status == LessonStatus::Done ? met_color : status == LessonStatus::InProgress ? progress_color : unmet_color;
  ImGui::TextColored(color, "%s", status == LessonStatus::Done ? "✓" : status == LessonStatus::InProgress ? "●" : "○");
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextWrapped("%s", lesson ? numbered_title(entry, panel.language).c_str() : panel.in(entry.title).c_str());
  char details[96];
  int length = std::snprintf(details, sizeof details, panel.say(Text::LessonMinutes), entry.minutes);
  if (status != LessonStatus::NotStarted)
    length += std::snprintf(details + length, sizeof details - length, " · %s",
                            panel.say(status == LessonStatus::Done ? Text::LessonStatusDone : Text::LessonStatusInProgress));
  if (entry.fault_finding) std::snprintf(details + length, sizeof details - length, " · %s", panel.say(Text::LessonFaultFinding));
  ImGui::TextDisabled("%s", details);
  if (!running) {
    ImGui::SameLine();
    if (ImGui::SmallButton(panel.say(Text::LessonStart)))
      panel.run(std::string(lesson ? "lab lesson start " : "lab exercise start ") + entry.id);
    publish_last_item(panel.state, lesson ? "lessons.start" : "exercises.start", entry.id.c_str(), static_cast<int>(index));
  }
  ImGui::EndGroup();
  ImGui::PopID();
}

void draw_catalog(Panel& panel, const lab::LessonsView& view) {
  const bool busy = view.lesson || view.exercise;
  if (busy) {
    ImGui::Spacing();
    const bool open = ImGui::CollapsingHeader(panel.say(Text::LessonsCatalog));
    publish_last_item(panel.state, "lessons.catalog", panel.say(Text::LessonsCatalog));
    if (!open) return;
  }
  heading(panel.say(Text::LessonsHeading));
  for (size_t i = 0; i < view.lessons.size(); ++i) {
    const bool running = view.lesson && view.lesson->id == view.lessons[i].id && !view.lesson->finished;
    draw_catalog_entry(panel, view.lessons[i], i, true, running);
  }
  heading(panel.say(Text::ExercisesHeading));
  if (panel.state.lessons.show_exercises) {  // the welcome card's Open an exercise
    ImGui::SetScrollHereY(0.0f);
    panel.state.lessons.show_exercises = false;
  }
  if (view.exercises.empty()) ImGui::TextDisabled("%s", panel.say(Text::LessonsNoExercises));
  for (size_t i = 0; i < view.exercises.size(); ++i) {
    const bool running = view.exercise && view.exercise->id == view.exercises[i].id;
    draw_catalog_entry(panel, view.exercises[i], i, false, running);
  }
}

}  // namespace

void draw_lessons_panel(AppState& state, Intents& intents) {
  const lab::LessonsView& view = state.lessons.cache.view(state.session);
  observe_lessons(state.lessons, view);  // also while the panel is closed: a lesson finished then stays done
  if (!state.panels.lessons) return;
  if (!begin_side_window(state, state.layout.lessons, Text::LessonsTitle, "lessons")) {
    ImGui::End();
    return;
  }
  const ImVec2 window_min = ImGui::GetWindowPos();
  const ImVec2 window_size = ImGui::GetWindowSize();
  state.widgets.push_back(WidgetRecord{"lessons.window", "", Rect{{window_min.x, window_min.y},
                                                                    {window_min.x + window_size.x, window_min.y + window_size.y}}});
  Panel panel{state, intents, lab_language(state.language)};
  if (view.lesson)
    draw_lesson(panel, *view.lesson, next_lesson_id(view));
  else if (view.exercise)
    draw_exercise(panel, *view.exercise);
  else
    ImGui::TextDisabled("%s", state.text(Text::LessonCodeNote));
  draw_catalog(panel, view);
  ImGui::End();
}

}  // namespace podlab::web
