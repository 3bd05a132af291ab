// What the build forms (web/ui/*_form_panel.cpp) share: a window over the canvas, labelled fields
// with their problem in red under them, choices of names, and the footer that shows the exact console
// line Create runs, the lab's refusal if it refused it, and Create (disabled until the form is valid)
// and Cancel. Every widget is published for the browser tests; a field's problem is published as
// "form.problem" labelled with the field's name ("name", "labels", "port.0" …).
#pragma once

#include <string>
#include <vector>

#include "web/ui/panels.h"

namespace podlab::web {

// Returns false when the window is collapsed or hidden; call end_form_window() either way.
bool begin_form_window(AppState& state, Text title, const char* id);
void end_form_window();

// A text field labelled `label`; marks the form dirty when edited. `field` names its problem.
void form_text_field(AppState& state, Text label, const char* id, TextField& text, const char* field,
                     const char* hint = nullptr, int index = -1);
// A choice among `names` (plus an `empty_label` entry for "" when given); marks the form dirty.
void form_name_choice(AppState& state, Text label, const char* id, std::string& value, const std::vector<std::string>& names,
                      const char* field, const char* empty_label = nullptr);
// The field's problem, if any, in red under it, in a slot that keeps its height while the learner types.
void form_problem(AppState& state, const char* field);
// The line, the refusal, Create and Cancel. Returns nothing: Create adds the line to the intents.
void form_footer(AppState& state, Intents& intents);

// The width of the label column, so fields line up.
float form_label_width();

}  // namespace podlab::web
