// The web lab's view-model: everything the panels draw from that is not the simulation itself
// (language, camera, open windows), plus what the last frame put on screen, which the JavaScript
// test API reports. Owned by the platform's main loop; panels read it and return intents.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/session.h"
#include "web/app/build_forms.h"
#include "web/app/canvas_view.h"
#include "web/app/canvas_hit.h"
#include "web/app/console_model.h"
#include "web/app/dns_view.h"
#include "web/app/frame_times.h"
#include "web/app/i18n.h"
#include "web/app/lab_keeping.h"
#include "web/app/lab_replacing.h"
#include "web/app/object_inspector.h"
#include "web/app/lessons_panel_model.h"
#include "web/app/page_guard.h"
#include "web/app/panel_layout.h"
#include "web/app/timeline.h"
#include "web/app/topology_view.h"
#include "web/app/traffic_form.h"
#include "web/app/welcome.h"
#include "web/app/yaml_editor.h"

namespace podlab::web {

// A widget the last frame drew, published so that browser tests can click it like a person would.
struct WidgetRecord {
  const char* id;     // stable: "menu.language", "menu.language.vi", "about.close"
  const char* label;  // the text shown, in the current language
  Rect rect;          // in CSS pixels of the canvas
  int index = -1;     // rows of a list ("timeline.event", "send.to.item"): which row; -1 otherwise
};

struct AppState {
  lab::Session session{1};  // the lab: its World and every console line run on it
  ConsoleModel console;
  TopologyView topology;  // what the canvas draws, rebuilt when the lab changes
  Language language = Language::English;
  CanvasView view;
  bool show_grid = true;
  LayoutOptions topology_options;  // View menu: kube-system collapsed or not
  bool view_fitted = false;  // the first frame fits the cluster to the canvas
  float console_height = 260;  // pixels at the bottom of the window
  std::array<char, 4096> console_input{};  // the line being typed
  uint64_t console_seen_revision = 0;      // the console scrolls to the bottom when this lags
  bool about_open = false;
  PanelVisibility panels;  // View menu: the side column's panels
  PanelLayout layout;      // where each window sits this frame
  Timeline timeline;       // the last traffic command's hops, the cursor and playback
  TrafficChoices traffic_choices;  // who can send to whom, prepared when the lab changes
  TrafficForm traffic_form;
  size_t timeline_list_cursor = SIZE_MAX;    // the event list scrolled to show this row
  uint64_t timeline_list_revision = UINT64_MAX;  // of this traffic
  bool timeline_keys_hint = true;  // the timeline had room for its keys' hint under the list
  TimelineList timeline_list;      // the list's folds and filter, and the rows they leave
  bool text_input_active = false;  // a text field has the keyboard: shortcuts stay out of its way
  uint64_t frame = 0;
  Vec2 canvas_size;
  std::vector<WidgetRecord> widgets;  // refilled every frame; capacity kept, so idle frames don't allocate
  BuildForms build;  // the toolbar's and right-click menus' forms: building the lab by hand
  LabKeeping keeping;  // autosave, labs being opened, share links, their messages
  LabReplacing replacing;  // asking before another lab takes this one's place; the recent labs
  uint64_t seen_traffic_revision = 0;  // the traffic views were last brought up to this
  YamlEditor yaml;     // the YAML panel
  ObjectInspector object_inspector;  // the canvas's selection (a left click) and what is shown about it
  DnsView dns_view;                  // the last console line that looked a name up
  std::string console_candidates;    // Tab found several words: listed over the input until the line changes
  // The canvas follows fit-to-window (on resize, when the lab grows) until the learner pans, zooms
  // or drags a node; View > Fit brings it back. What the last fit was made for:
  bool view_follows_fit = true;
  Vec2 fitted_canvas_size;
  Rect fitted_bounds;
  CanvasHit canvas_pressed;      // what the left button went down on, while it is held
  bool canvas_dragged = false;   // and whether it has moved since
  FrameTimes frame_times;        // CPU time of the last frames (window.podlab.frameTimes())
  LessonsPanelState lessons;          // the lessons panel: statuses, wrapped texts, a submitted report
  bool console_input_focus = false;   // the console's input takes the keyboard on the next frame
  PageGuard guard;                    // the watch on each line, the autosave refused by a full storage
  // Where the cursor and selection go when the input next takes the keyboard (a line put there by a
  // click): the part the learner chooses selected, so typing replaces it; else the line's end.
  std::optional<InputSelection> console_select;
  WelcomeCard welcome;  // the first-run card over the canvas (web/app/welcome.h)

  const char* text(Text key) const { return translate(language, key); }
  TopologyWords topology_words() const {
    return {text(Text::PauseContainer), text(Text::NodeNetwork), text(Text::Datapath), text(Text::NoBridgeYet),
            text(Text::OutsideCluster), text(Text::EndpointCount), text(Text::EndpointsCount), text(Text::PodCount),
            text(Text::PodsCount), text(Text::GroupExpand), text(Text::GroupCollapse)};
  }
};

enum class TimelineCommand { None, TogglePlay, StepForward, StepBack, First, Last, JumpTo, SetSpeed };

// What panels ask for; applied by the main loop after the frame's panels have run.
struct Intents {
  bool set_language = false;
  Language language = Language::English;
  bool open_about = false;
  bool close_about = false;
  bool toggle_grid = false;
  bool toggle_kube_system = false;  // collapse or expand kube-system's pods on the canvas
  bool reset_view = false;
  bool fit_view = false;
  bool toggle_send_traffic = false;
  bool toggle_timeline = false;
  bool toggle_inspector = false;
  TimelineCommand timeline = TimelineCommand::None;
  size_t timeline_argument = 0;  // JumpTo: the event; SetSpeed: the index into timeline_speeds
  std::optional<std::string> console_line;  // a line entered in the console, or sent by the traffic form
  // The learner typed the line (or agreed to replace the lab): a line that starts a new lab runs at
  // once, else the page asks first (web/app/lab_replacing.h).
  bool console_line_confirmed = false;
  // Keeping work: the platform asks the browser (a download, a file picker, the clipboard).
  bool save_lab = false;
  bool open_lab = false;
  bool copy_share_link = false;
  bool download_kept_lab = false;
  bool load_yaml_file = false;
  std::optional<Selection> select;  // a left click on the canvas: an object, or none for the background
  bool toggle_dns_view = false;
  std::optional<std::string> toggle_group;  // a pod group's key: expand or collapse it on the canvas
  std::optional<std::string> drag_node;     // a node's name: move it by drag_by (world units)
  Vec2 drag_by;
  bool toggle_lessons = false;
  std::optional<std::string> console_input;  // put in the console's input for the learner to run
  bool exercise_report = false;  // console_line submits the exercise: keep its report for the page
  std::optional<int64_t> reopen_recent;  // File > Recent labs: the entry's time
  bool leave_exercise = false;
  std::optional<bool> replace_answer;  // the learner answered "Replace your current lab?"
  std::optional<WelcomeChoice> welcome;  // a button of the welcome card
  bool open_welcome = false;             // Help > Welcome
};

void apply_intents(AppState& state, const Intents& intents);
// Before the panels draw: lays out the windows for the work area under the menu bar, brings the
// prepared views up to date with the lab (only when it changed), moves playback on by `seconds` and
// prepares the inspector for the cursor's hop. Allocates nothing when nothing changed.
void update_before_panels(AppState& state, const Rect& work_area, float seconds);
// Zooms and centres the canvas on the whole cluster, and follows the fit from then on.
void fit_view(AppState& state);
// Fits again if the view follows the fit and the canvas or the cluster's bounds changed since.
void keep_view_fitted(AppState& state);

// JSON of what is on screen, for window.podlab.state().
std::string state_json(const AppState& state);

// Runs one console line for window.podlab.command(); returns {command, ok, output, trace?}.
std::string run_console_line(AppState& state, const std::string& line);

}  // namespace podlab::web
