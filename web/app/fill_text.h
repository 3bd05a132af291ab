// Messages with values in them: a translated pattern whose "{}" are replaced, in order, by the
// values (the words around a value differ between languages, so they live in one pattern).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace podlab::web {

inline std::string fill_text(std::string_view pattern, std::initializer_list<std::string_view> values) {
  std::string text;
  auto value = values.begin();
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 2, "{}") == 0 && value != values.end()) {
      text += *value++;
      ++i;
      continue;
    }
    text += pattern[i];
  }
  return text;
}

}  // namespace podlab::web
