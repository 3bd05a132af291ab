// The quoting rules follow what kubectl's YAML encoder (go-yaml v2 on libyaml's emitter) decides:
// a string that would resolve to another type is double-quoted; one that is a string but cannot
// be written plain is single-quoted; one with control characters is double-quoted with escapes.
// Long lines are not folded at 80 columns as go-yaml does; a lab screen wraps them itself.
#include "core/k8s/yaml_emit.h"

#include <cstdio>

#include "core/k8s/yaml_tree.h"

namespace podlab::k8s {

namespace {

using nlohmann::json;

enum class Style { Plain, SingleQuoted, DoubleQuoted, Literal };
enum class Context { Value, Key };

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Timestamps (2024-01-31, 2024-01-31T10:00:00Z) and sexagesimal numbers (1:20) are not strings
// to go-yaml either, which is why kubectl prints creationTimestamp in quotes.
bool looks_like_timestamp(const std::string& text) {
  size_t i = 0;
  auto digits = [&](size_t min, size_t max) {
    size_t count = 0;
    while (i < text.size() && is_digit(text[i]) && count < max) ++i, ++count;
    return count >= min;
  };
  if (!digits(4, 4) || i >= text.size() || text[i++] != '-' || !digits(1, 2) || i >= text.size() || text[i++] != '-' ||
      !digits(1, 2)) {
    return false;
  }
  return i == text.size() || text[i] == 'T' || text[i] == 't' || text[i] == ' ';
}

bool looks_like_base60(const std::string& text) {
  size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (i >= text.size() || !is_digit(text[i])) return false;
  bool has_colon = false;
  for (; i < text.size(); ++i) {
    if (text[i] == ':')
      has_colon = true;
    else if (text[i] == '.')
      break;
    else if (!is_digit(text[i]) && text[i] != '_')
      return false;
  }
  return has_colon;
}

bool resolves_to_other_type(const std::string& text) {
  if (resolve_plain_scalar(text) != ScalarType::String) return true;
  std::string without_underscores;
  for (char c : text) {
    if (c != '_') without_underscores += c;
  }
  if (without_underscores != text && resolve_plain_scalar(without_underscores) != ScalarType::String) return true;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'o')) return true;
  return text == "<<" || looks_like_timestamp(text) || looks_like_base60(text);
}

bool is_blank_or_end(const std::string& text, size_t i) {
  return i >= text.size() || text[i] == ' ' || text[i] == '\t' || text[i] == '\n';
}

// libyaml's analysis of a scalar, reduced to block context (kubectl never prints flow style).
Style select_style(const std::string& text, Context context) {
  if (resolves_to_other_type(text)) return Style::DoubleQuoted;
  bool plain = true;
  bool single_allowed = true;
  bool multiline = false;
  if (text.starts_with("---") || text.starts_with("...")) plain = false;
  if (text.front() == ' ' || text.back() == ' ' || text.front() == '\n' || text.back() == '\n') plain = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      multiline = true;
      plain = false;
      if (i > 0 && text[i - 1] == ' ') single_allowed = false;
      continue;
    }
    if (c < 0x20 || c == 0x7f) return Style::DoubleQuoted;  // tabs too, as libyaml does
    if (i == 0) {
      if (std::string_view("#,[]{}&*!|>'\"%@`").find(static_cast<char>(c)) != std::string_view::npos) plain = false;
      if ((c == '?' || c == ':' || c == '-') && is_blank_or_end(text, 1)) plain = false;
    } else {
      if (c == ':' && is_blank_or_end(text, i + 1)) plain = false;
      if (c == '#' && (text[i - 1] == ' ' || text[i - 1] == '\t')) plain = false;
    }
  }
  if (multiline) {
    const bool block_allowed = single_allowed && text.front() != ' ' && text.front() != '\n' && text.back() != ' ';
    return context == Context::Value && block_allowed ? Style::Literal : Style::DoubleQuoted;
  }
  if (plain) return Style::Plain;
  return single_allowed ? Style::SingleQuoted : Style::DoubleQuoted;
}

std::string double_quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case 0: out += "\\0"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\x%02X", c);
          out += escape;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// A `|` block: the header with its chomping indicator, then every line at `indent`.
std::string literal_block(const std::string& text, int indent) {
  size_t trailing = 0;
  while (trailing < text.size() && text[text.size() - 1 - trailing] == '\n') ++trailing;
  std::string out = trailing == 0 ? "|-\n" : trailing == 1 ? "|\n" : "|+\n";
  const std::string body = text.substr(0, text.size() - trailing);
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(start, end - start);
    out += (line.empty() ? "" : std::string(indent, ' ') + line) + "\n";
    start = end + 1;
  }
  // Keep chomping (|+) writes the extra line breaks as empty lines.
  for (size_t extra = 1; extra < trailing; ++extra) out += "\n";
  return out;
}

std::string scalar_text(const json& value, Context context, int block_indent) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      if (text.empty()) return "\"\"";
      switch (select_style(text, context)) {
        case Style::Plain: return text;
        case Style::SingleQuoted: return single_quoted(text);
        case Style::DoubleQuoted: return double_quoted(text);
        case Style::Literal: return literal_block(text, block_indent);
      }
      return double_quoted(text);
    }
    case json::value_t::object: return "{}";
    case json::value_t::array: return "[]";
    default: return value.dump();
  }
}

bool is_nested(const json& value) { return (value.is_object() || value.is_array()) && !value.empty(); }

void emit_sequence(const json& items, int indent, bool first_inline, std::string& out);

// A mapping at `indent`; with first_inline the first key continues the current line ("- key: v").
void emit_mapping(const json& mapping, int indent, bool first_inline, std::string& out) {
  bool first = true;
  for (const auto& [key, value] : mapping.items()) {
    if (!(first && first_inline)) out += std::string(indent, ' ');
    first = false;
    out += scalar_text(json(key), Context::Key, indent) + ":";
    if (value.is_object() && !value.empty()) {
      out += "\n";
      emit_mapping(value, indent + 2, false, out);
    } else if (value.is_array() && !value.empty()) {
      out += "\n";
      emit_sequence(value, indent, false, out);  // kubectl keeps a list under a key at the key's indentation
    } else {
      const std::string text = scalar_text(value, Context::Value, indent + 2);
      out += " " + text + (text.back() == '\n' ? "" : "\n");
    }
  }
}

void emit_sequence(const json& items, int indent, bool first_inline, std::string& out) {
  bool first = true;
  for (const json& item : items) {
    if (!(first && first_inline)) out += std::string(indent, ' ');
    first = false;
    out += "- ";
    if (item.is_object() && is_nested(item)) {
      emit_mapping(item, indent + 2, true, out);
    } else if (item.is_array() && is_nested(item)) {
      emit_sequence(item, indent + 2, true, out);
    } else {
      const std::string text = scalar_text(item, Context::Value, indent + 2);
      out += text + (text.back() == '\n' ? "" : "\n");
    }
  }
}

}  // namespace

std::string to_yaml(const nlohmann::json& value) {
  std::string out;
  if (value.is_object() && !value.empty()) {
    emit_mapping(value, 0, false, out);
  } else if (value.is_array() && !value.empty()) {
    emit_sequence(value, 0, false, out);
  } else {
    const std::string text = scalar_text(value, Context::Value, 2);
    out = text + (text.back() == '\n' ? "" : "\n");
  }
  return out;
}

}  // namespace podlab::k8s
