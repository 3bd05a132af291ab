// The welcome card a first visit shows over the canvas: what Podlab is, and three ways in (lesson 1,
// an exercise, a lab of one's own). Once the learner closes it or takes a way in, it is not shown at
// the start again: the platform writes that down in the browser's storage; this model decides.
// Help > Welcome shows it again at any time.
#pragma once

#include <optional>
#include <string>

namespace podlab::web {

struct AppState;

struct WelcomeCard {
  bool open = false;
  bool dismissed = false;  // closed once: not shown at the start again
  bool unsaved = false;    // dismissed in this page and not yet written down by the platform
};

enum class WelcomeChoice { Close, StartLesson, OpenExercise, BuildLab };

// At the start of the page: shown unless dismissed before, or unless the page was opened for
// something else (an exercise link, a shared lab), which the learner came for.
void start_welcome(WelcomeCard& card, bool dismissed_before, bool opened_for_something);
void show_welcome(WelcomeCard& card);

// The card's button: closes it for good and takes that way in (a console line, a panel, a form).
void choose_welcome(AppState& state, WelcomeChoice choice);

// The first lesson of the catalog ("" when there is none): Start lesson 1 starts it.
std::string first_lesson_id(const AppState& state);

// "01" for "01-network-model": the number a lesson is listed with, "" for an id without one.
std::string lesson_number(const std::string& id);

}  // namespace podlab::web
