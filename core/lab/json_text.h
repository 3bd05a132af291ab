// Text that came from outside (a console line, a file, a parser's message quoting either) made safe
// for JSON and the screen. nlohmann's dump() refuses invalid UTF-8, and the lab builds it without
// exceptions, so a refusal would abort: every JSON the lab prints goes through json_text().
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace podlab::lab {

// value.dump(indent), with each invalid UTF-8 sequence written as U+FFFD.
std::string json_text(const nlohmann::json& value, int indent = -1);

// `text` with each invalid UTF-8 sequence replaced by U+FFFD (valid text is returned unchanged).
std::string valid_utf8(std::string_view text);

}  // namespace podlab::lab
