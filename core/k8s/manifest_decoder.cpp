#include "core/k8s/manifest_decoder.h"

#include <algorithm>
#include <climits>
#include <cstdlib>

namespace podlab::k8s {

std::string field_path(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return parent + "." + std::string(key);
}

std::string item_path(const std::string& parent, size_t index) { return parent + "[" + std::to_string(index) + "]"; }

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string describe_node(const YamlNode& node) {
  if (node.is_mapping()) return "a mapping";
  if (node.is_sequence()) return "a list";
  switch (node.scalar_type()) {
    case ScalarType::Null: return "null";
    case ScalarType::String: return quoted(node.value);
    default: return node.value;
  }
}

void ManifestDecoder::report(std::string code, int line, int column, std::string message) {
  diagnostics_.push_back(Diagnostic{std::move(code), std::move(message), {file_name_, line, column}});
}

void ManifestDecoder::wrong_type(const YamlNode& node, const std::string& path, std::string_view expected) {
  std::string message = path + ": expected " + std::string(expected) + ", got " + describe_node(node);
  // The two mix-ups a learner makes most: a quoted number, and a bare number or word where a string goes.
  if (node.is_scalar() && node.scalar_type() == ScalarType::String && expected == "an integer" &&
      resolve_plain_scalar(node.value) == ScalarType::Int) {
    message += " (remove the quotes to make it a number)";
  } else if (node.is_scalar() && expected == "a string" && node.scalar_type() != ScalarType::String &&
             node.scalar_type() != ScalarType::Null) {
    message += " (put it in quotes to make it a string: " + quoted(node.value) + ")";
  }
  report_at(node, "manifest.wrong-type", std::move(message));
}

void ManifestDecoder::invalid_value(const YamlNode& node, const std::string& path, std::string_view why) {
  report_at(node, "manifest.invalid-value", path + ": Invalid value: " + describe_node(node) + ": " + std::string(why));
}

void ManifestDecoder::required(const YamlNode& at, const std::string& path, std::string_view hint) {
  std::string message = path + ": Required value";
  if (!hint.empty()) message += ": " + std::string(hint);
  report_at(at, "manifest.required", std::move(message));
}

bool ManifestDecoder::expect_fields(const YamlNode& node, const std::string& path,
                                    std::initializer_list<std::string_view> known,
                                    std::initializer_list<std::string_view> ignored) {
  if (!node.is_mapping()) {
    wrong_type(node, path.empty() ? std::string("the document") : path, "a mapping");
    return false;
  }
  for (const YamlNode& child : node.children) {
    const auto is_key = [&](std::string_view name) { return name == child.key; };
    if (std::any_of(known.begin(), known.end(), is_key) || std::any_of(ignored.begin(), ignored.end(), is_key)) {
      continue;
    }
    report("manifest.unknown-field", child.key_line, child.key_column,
           "unknown field " + quoted(field_path(path, child.key)));
  }
  return true;
}

bool ManifestDecoder::as_string(const YamlNode& node, const std::string& path, std::string& out) {
  if (!node.is_scalar() || node.scalar_type() != ScalarType::String) {
    wrong_type(node, path, "a string");
    return false;
  }
  out = node.value;
  return true;
}

bool ManifestDecoder::as_int(const YamlNode& node, const std::string& path, int& out) {
  if (!node.is_scalar() || node.scalar_type() != ScalarType::Int) {
    wrong_type(node, path, "an integer");
    return false;
  }
  const std::string& text = node.value;
  const bool hex = text.find_first_of("xX") != std::string::npos;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, hex ? 16 : 10);
  if (end == text.c_str() || *end != '\0' || value < INT_MIN || value > INT_MAX) {
    invalid_value(node, path, "the number is too large");
    return false;
  }
  out = static_cast<int>(value);
  return true;
}

bool ManifestDecoder::read(const YamlNode& mapping, std::string_view key, const std::string& path, std::string& out) {
  const YamlNode* node = mapping.find(key);
  if (node == nullptr || node->is_null()) return false;
  return as_string(*node, field_path(path, key), out);
}

bool ManifestDecoder::read(const YamlNode& mapping, std::string_view key, const std::string& path, int& out) {
  const YamlNode* node = mapping.find(key);
  if (node == nullptr || node->is_null()) return false;
  return as_int(*node, field_path(path, key), out);
}

bool ManifestDecoder::read(const YamlNode& mapping, std::string_view key, const std::string& path, bool& out) {
  const YamlNode* node = mapping.find(key);
  if (node == nullptr || node->is_null()) return false;
  if (!node->is_scalar() || node->scalar_type() != ScalarType::Bool) {
    wrong_type(*node, field_path(path, key), "true or false");
    return false;
  }
  const char first = node->value.empty() ? 'f' : node->value[0];
  out = first == 't' || first == 'T' || first == 'y' || first == 'Y' || node->value == "on" || node->value == "On" ||
        node->value == "ON";
  return true;
}

bool ManifestDecoder::read(const YamlNode& mapping, std::string_view key, const std::string& path,
                           std::vector<std::string>& out) {
  const YamlNode* node = list(mapping, key, path);
  if (node == nullptr) return false;
  const std::string list_path = field_path(path, key);
  std::vector<std::string> values;
  bool ok = true;
  for (size_t i = 0; i < node->children.size(); ++i) {
    std::string value;
    ok = as_string(node->children[i], item_path(list_path, i), value) && ok;
    values.push_back(std::move(value));
  }
  out = std::move(values);
  return ok;
}

bool ManifestDecoder::read(const YamlNode& mapping, std::string_view key, const std::string& path,
                           std::map<std::string, std::string>& out) {
  const YamlNode* node = this->mapping(mapping, key, path);
  if (node == nullptr) return false;
  const std::string map_path = field_path(path, key);
  bool ok = true;
  for (const YamlNode& child : node->children) {
    std::string value;
    ok = as_string(child, field_path(map_path, child.key), value) && ok;
    out[child.key] = std::move(value);
  }
  return ok;
}

const YamlNode* ManifestDecoder::list(const YamlNode& mapping, std::string_view key, const std::string& path) {
  const YamlNode* node = mapping.find(key);
  if (node == nullptr || node->is_null()) return nullptr;
  if (!node->is_sequence()) {
    wrong_type(*node, field_path(path, key), "a list");
    return nullptr;
  }
  return node;
}

const YamlNode* ManifestDecoder::mapping(const YamlNode& parent, std::string_view key, const std::string& path) {
  const YamlNode* node = parent.find(key);
  if (node == nullptr || node->is_null()) return nullptr;
  if (!node->is_mapping()) {
    wrong_type(*node, field_path(path, key), "a mapping");
    return nullptr;
  }
  return node;
}

}  // namespace podlab::k8s
