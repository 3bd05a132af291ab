#include "core/k8s/validation.h"

namespace podlab::k8s {

namespace {

bool is_lower_alphanumeric(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alphanumeric(char c) { return is_lower_alphanumeric(c) || (c >= 'A' && c <= 'Z'); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool matches_label_pattern(std::string_view text) {
  if (text.empty() || !is_lower_alphanumeric(text.front()) || !is_lower_alphanumeric(text.back())) return false;
  for (char c : text) {
    if (!is_lower_alphanumeric(c) && c != '-') return false;
  }
  return true;
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matches_qualified_name_pattern(std::string_view text) {
  if (text.empty() || !is_alphanumeric(text.front()) || !is_alphanumeric(text.back())) return false;
  for (char c : text) {
    if (!is_alphanumeric(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// `what "text"` and the rest, built by appending (GCC 12 warns, wrongly, about "literal" + string).
std::string quoted_text(std::string_view what, std::string_view text, std::string_view rest) {
  std::string out(what);
  out.append(" \"").append(text).append("\"").append(rest);
  return out;
}

std::string too_long(size_t limit) { return "must be no more than " + std::to_string(limit) + " characters"; }

}  // namespace

std::optional<std::string> check_dns1123_label(std::string_view text) {
  if (text.size() > 63) return too_long(63);
  if (matches_label_pattern(text)) return std::nullopt;
  return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
         "start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
}

std::optional<std::string> check_dns1123_subdomain(std::string_view text) {
  if (text.size() > 253) return too_long(253);
  bool valid = !text.empty();
  size_t start = 0;
  while (valid && start <= text.size()) {
    size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) dot = text.size();
    valid = matches_label_pattern(text.substr(start, dot - start));
    start = dot + 1;
  }
  if (valid) return std::nullopt;
  return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
         "and must start and end with an alphanumeric character (e.g. 'example.com')";
}

std::optional<std::string> check_qualified_name(std::string_view text) {
  std::string_view name = text;
  const size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    const std::string_view prefix = text.substr(0, slash);
    name = text.substr(slash + 1);
    if (prefix.empty()) return std::string("prefix part must be non-empty");
    if (auto problem = check_dns1123_subdomain(prefix)) return "prefix part " + *problem;
  }
  if (name.empty()) return std::string("name part must be non-empty");
  if (name.size() > 63) return "name part " + too_long(63);
  if (matches_qualified_name_pattern(name)) return std::nullopt;
  return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
         "an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')";
}

std::optional<std::string> check_label_value(std::string_view text) {
  if (text.size() > 63) return too_long(63);
  if (text.empty() || matches_qualified_name_pattern(text)) return std::nullopt;
  return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
         "and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345')";
}

std::optional<std::string> check_port_name(std::string_view text) {
  if (text.size() > 15) return too_long(15);
  bool has_letter = false;
  for (char c : text) {
    if (!is_lower_alphanumeric(c) && c != '-') {
      return std::string("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    has_letter = has_letter || (c >= 'a' && c <= 'z');
  }
  if (!has_letter) return std::string("must contain at least one letter (a-z)");
  if (text.find("--") != std::string_view::npos) return std::string("must not contain consecutive hyphens");
  if (text.front() == '-' || text.back() == '-') return std::string("must not begin or end with a hyphen");
  return std::nullopt;
}

std::optional<std::string> parse_label_list(std::string_view text, std::map<std::string, std::string>& labels) {
  labels.clear();
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view pair = text.substr(start, comma - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    while (!pair.empty() && pair.back() == ' ') pair.remove_suffix(1);
    const size_t equals = pair.find('=');
    if (equals == std::string_view::npos) return quoted_text("", pair, " is not key=value").substr(1);
    const std::string_view key = pair.substr(0, equals);
    const std::string_view value = pair.substr(equals + 1);
    if (auto reason = check_qualified_name(key)) return quoted_text("key", key, std::string(": ").append(*reason));
    if (auto reason = check_label_value(value)) return quoted_text("value", value, std::string(": ").append(*reason));
    if (labels.contains(std::string(key))) return quoted_text("key", key, " is given twice");
    labels.emplace(key, value);
    start = comma + 1;
  }
  return std::nullopt;
}

}  // namespace podlab::k8s
