#include "web/app/yaml_editor.h"

#include <algorithm>
#include <cstdlib>

namespace podlab::web {

std::string yaml_apply_line(std::string_view manifest) {
  std::string line = "kubectl apply -f -\n";
  line += manifest;
  if (!manifest.empty() && manifest.back() != '\n') line += '\n';
  return line;
}

std::vector<YamlError> yaml_errors(std::string_view output) {
  std::vector<YamlError> errors;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    const std::string_view line = output.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    YamlError error;
    const size_t place = line.find("STDIN:");
    if (place == std::string_view::npos) {
      error.message = std::string(line);
      errors.push_back(std::move(error));
      continue;
    }
    const std::string rest(line.substr(place + 6));
    char* after = nullptr;
    error.line = static_cast<int>(std::strtol(rest.c_str(), &after, 10));
    if (*after == ':') error.column = static_cast<int>(std::strtol(after + 1, &after, 10));
    if (*after == ':') ++after;
    while (*after == ' ') ++after;
    error.message = after;
    errors.push_back(std::move(error));
  }
  return errors;
}

void set_yaml_text(YamlEditor& editor, std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text)
    if (c != '\r') clean += c;
  editor.text.assign(std::max(clean.size() + 4096, editor.text.size()), '\0');
  std::copy(clean.begin(), clean.end(), editor.text.begin());
  editor.errors.clear();
  editor.applied.clear();
}

std::string_view yaml_text(const YamlEditor& editor) { return std::string_view(editor.text.data()); }

void await_yaml_result(YamlEditor& editor, YamlAwaiting what, const ConsoleModel& console) {
  editor.awaiting = what;
  editor.awaiting_revision = console.revision() + 1;
}

void take_yaml_result(YamlEditor& editor, const ConsoleModel& console) {
  if (editor.awaiting == YamlAwaiting::Nothing || console.revision() < editor.awaiting_revision || console.entries().empty())
    return;
  const ConsoleEntry& entry = console.entries().back();
  const YamlAwaiting what = editor.awaiting;
  editor.awaiting = YamlAwaiting::Nothing;
  if (what == YamlAwaiting::Export) {
    if (entry.ok) set_yaml_text(editor, entry.output);
    else editor.errors = {YamlError{0, 0, entry.output}};
    return;
  }
  if (entry.ok) {
    editor.errors.clear();
    editor.applied = entry.output;
    return;
  }
  editor.applied.clear();
  editor.errors = yaml_errors(entry.output);
  for (const YamlError& error : editor.errors)
    if (error.line > 0) {
      editor.scroll_to_line = error.line;
      break;
    }
}

}  // namespace podlab::web
