// The YAML panel's model: the manifest text being edited, and what became of the last line the
// panel ran. Apply runs `kubectl apply -f -` with the text as its input, one console line in the
// lab's history like any other; Export runs `lab export` and puts the lab's manifest in the editor.
// kubectl's errors name STDIN:LINE:COLUMN; they become errors the panel marks at their line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "web/app/console_model.h"

namespace podlab::web {

struct YamlError {
  int line = 0;    // 1-based; 0 when kubectl named no place
  int column = 0;
  std::string message;
};

enum class YamlAwaiting { Nothing, Apply, Export };

struct YamlEditor {
  bool open = false;
  std::vector<char> text = std::vector<char>(16 * 1024, '\0');  // the text field's buffer; grows as typed
  std::vector<YamlError> errors;       // of the last Apply
  std::string applied;                 // kubectl's lines after an Apply that worked
  YamlAwaiting awaiting = YamlAwaiting::Nothing;
  uint64_t awaiting_revision = 0;      // the console revision that holds the result
  int scroll_to_line = 0;              // the panel scrolls there once (the first error)
};

inline constexpr const char* yaml_export_line = "lab export";

// "kubectl apply -f -" followed by the manifest as its input (one console line).
std::string yaml_apply_line(std::string_view manifest);
// The places and messages in kubectl apply's output: "error: STDIN:10:22: spec…" → {10, 22, "spec…"}.
std::vector<YamlError> yaml_errors(std::string_view output);
// Replaces the editor's text (a loaded file, an export): line ends made "\n", the buffer sized to fit.
void set_yaml_text(YamlEditor& editor, std::string_view text);
std::string_view yaml_text(const YamlEditor& editor);
// Marks that the console's next entry is the result of `what`.
void await_yaml_result(YamlEditor& editor, YamlAwaiting what, const ConsoleModel& console);
// Once that line ran: the errors (the text stays as typed), kubectl's lines, or the exported manifest.
void take_yaml_result(YamlEditor& editor, const ConsoleModel& console);

}  // namespace podlab::web
