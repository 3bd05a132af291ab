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
#include "web/app/canvas_view.h"
#include "web/app/console_model.h"
#include "web/app/i18n.h"
#include "web/app/topology_view.h"

namespace podlab::web {

// A widget the last frame drew, published so that browser tests can click it like a person would.
struct WidgetRecord {
  const char* id;     // stable: "menu.language", "menu.language.vi", "about.close"
  const char* label;  // the text shown, in the current language
  Rect rect;          // in CSS pixels of the canvas
};

struct AppState {
  lab::Session session{1};  // the lab: its World and every console line run on it
  ConsoleModel console;
  TopologyView topology;  // what the canvas draws, rebuilt when the lab changes
  Language language = Language::English;
  CanvasView view;
  bool show_grid = true;
  bool view_fitted = false;  // the first frame fits the cluster to the canvas
  float console_height = 260;  // pixels at the bottom of the window
  std::array<char, 4096> console_input{};  // the line being typed
  uint64_t console_seen_revision = 0;      // the console scrolls to the bottom when this lags
  bool about_open = false;
  uint64_t frame = 0;
  Vec2 canvas_size;
  std::vector<WidgetRecord> widgets;  // refilled every frame; capacity kept, so idle frames don't allocate

  const char* text(Text key) const { return translate(language, key); }
  TopologyWords topology_words() const {
    return {text(Text::PauseContainer), text(Text::NodeNetwork), text(Text::Datapath), text(Text::NoBridgeYet)};
  }
};

// What panels ask for; applied by the main loop after the frame's panels have run.
struct Intents {
  bool set_language = false;
  Language language = Language::English;
  bool open_about = false;
  bool close_about = false;
  bool toggle_grid = false;
  bool reset_view = false;
  bool fit_view = false;
  std::optional<std::string> console_line;  // a line entered in the console
};

void apply_intents(AppState& state, const Intents& intents);
// Zooms and centres the canvas on the whole cluster.
void fit_view(AppState& state);

// JSON of what is on screen, for window.podlab.state().
std::string state_json(const AppState& state);

// Runs one console line for window.podlab.command(); returns {command, ok, output, trace?}.
std::string run_console_line(AppState& state, const std::string& line);

}  // namespace podlab::web
