// Tab completion for the console, as a shell completes: the word under the cursor is completed from
// the console's grammar (kubectl's verbs and kinds, `node NODE --` and the tools, `lab …`) and the
// live lab's object names (pods, nodes, Services, namespaces, ConfigMaps, Deployments) in the
// namespace the line names with -n. One fitting word is inserted with a space after it; several
// insert what they share and are listed.
#pragma once

#include <string>
#include <vector>

#include "core/sim/world.h"

namespace podlab::web {

struct Completion {
  std::string text;  // the text before the cursor, completed (unchanged when nothing fits)
  std::vector<std::string> candidates;  // sorted, when more than one word fits
};

// Completes the last word of `before_cursor`, the part of the line left of the cursor.
Completion complete_console_line(const World& world, const std::string& before_cursor);

// The candidates as one line for the console: "client  coredns-6854bd8b94-5ns9w  web".
std::string candidates_line(const std::vector<std::string>& candidates);

}  // namespace podlab::web
