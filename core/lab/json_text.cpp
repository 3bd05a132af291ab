#include "core/lab/json_text.h"

namespace podlab::lab {

std::string json_text(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string valid_utf8(std::string_view text) {
  // A JSON string dumped with replacement is valid UTF-8; read it back without the quotes.
  const nlohmann::json parsed = nlohmann::json::parse(json_text(std::string(text)), nullptr, false);
  return parsed.is_string() ? parsed.get<std::string>() : std::string();
}

}  // namespace podlab::lab
