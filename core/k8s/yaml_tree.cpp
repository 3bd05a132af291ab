#include "core/k8s/yaml_tree.h"

#include <yaml.h>

#include <cstdio>
#include <memory>

namespace podlab::k8s {

namespace {

// Deeper than any manifest needs; a guard so hostile input cannot exhaust the stack later.
constexpr size_t kMaxDepth = 100;

bool is_one_of(std::string_view text, std::initializer_list<std::string_view> words) {
  for (std::string_view word : words) {
    if (text == word) return true;
  }
  return false;
}

bool all_digits(std::string_view text, std::string_view digits) {
  if (text.empty()) return false;
  for (char c : text) {
    if (digits.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool is_float_text(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  if (is_one_of(text, {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"})) return true;
  size_t i = 0;
  size_t integer_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++integer_digits;
  size_t fraction_digits = 0;
  bool has_dot = false;
  if (i < text.size() && text[i] == '.') {
    has_dot = true;
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++fraction_digits;
  }
  if (integer_digits == 0 && fraction_digits == 0) return false;
  if (integer_digits == 0 && !has_dot) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (!all_digits(text.substr(i), "0123456789")) return false;
    i = text.size();
  }
  return i == text.size();
}

// One mapping or sequence being read, with the key waiting for its value (mappings only).
struct OpenNode {
  YamlNode node;
  bool have_key = false;
  bool skip_value = false;  // the key was rejected; drop the value that follows
  std::string key;
  int key_line = 0;
  int key_column = 0;
};

class TreeBuilder {
 public:
  TreeBuilder(const std::string& file_name, std::vector<Diagnostic>& diagnostics)
      : file_name_(file_name), diagnostics_(diagnostics) {}

  void error(std::string code, int line, int column, std::string message) {
    diagnostics_.push_back(Diagnostic{std::move(code), std::move(message), {file_name_, line, column}});
  }

  bool too_deep() const { return open_.size() >= kMaxDepth; }
  void open(YamlNode node) { open_.push_back(OpenNode{std::move(node)}); }
  void close() {
    YamlNode done = std::move(open_.back().node);
    open_.pop_back();
    add(std::move(done));
  }

  // Places a finished node: as the document root, a sequence item, a mapping key or its value.
  void add(YamlNode node) {
    if (open_.empty()) {
      root_ = std::move(node);
      return;
    }
    OpenNode& parent = open_.back();
    if (parent.node.is_sequence()) {
      parent.node.children.push_back(std::move(node));
      return;
    }
    if (!parent.have_key) {
      parent.have_key = true;
      parent.skip_value = false;
      parent.key = node.value;
      parent.key_line = node.line;
      parent.key_column = node.column;
      if (!node.is_scalar()) {
        error("manifest.yaml-complex-key", node.line, node.column,
              "a mapping key must be a plain word such as `name`, not a list or mapping");
        parent.skip_value = true;
      } else if (parent.node.find(node.value) != nullptr) {
        const YamlNode* first = parent.node.find(node.value);
        error("manifest.duplicate-field", node.line, node.column,
              "mapping key \"" + node.value + "\" already defined at line " + std::to_string(first->key_line));
        parent.skip_value = true;
      }
      return;
    }
    parent.have_key = false;
    if (parent.skip_value) return;
    node.key = std::move(parent.key);
    node.key_line = parent.key_line;
    node.key_column = parent.key_column;
    parent.node.children.push_back(std::move(node));
  }

  YamlNode take_root() { return std::move(root_); }

 private:
  const std::string& file_name_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<OpenNode> open_;
  YamlNode root_;
};

YamlNode node_at(YamlNodeType type, const yaml_mark_t& mark) {
  YamlNode node;
  node.type = type;
  node.line = static_cast<int>(mark.line) + 1;
  node.column = static_cast<int>(mark.column) + 1;
  return node;
}

std::string syntax_message(const yaml_parser_t& parser, std::string_view text) {
  std::string message = "YAML syntax error: ";
  message += parser.problem ? parser.problem : "the YAML could not be read";
  if (parser.context) message += std::string(" ") + parser.context;
  // libyaml's words for a tab say nothing about tabs; the usual cause deserves a plain hint.
  const size_t at = parser.problem_mark.index;
  if (at < text.size() && text[at] == '\t') message += " (YAML indents with spaces; this line has a tab)";
  return message;
}

// libyaml's reader stops at bytes that are not UTF-8 (or characters YAML forbids) and gives only
// the byte offset; the line and column (in characters, as libyaml's marks count) come from it.
SourceLocation location_of_byte(std::string_view text, size_t offset) {
  SourceLocation at{"", 1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++at.column;  // a character starts here; continuation bytes do not count
    }
  }
  return at;
}

std::string reader_message(const yaml_parser_t& parser, std::string_view text) {
  char value[16];
  const std::string problem = parser.problem ? parser.problem : "unreadable input";
  if (problem.find("UTF-8") != std::string::npos && parser.problem_offset < text.size()) {
    std::snprintf(value, sizeof value, "0x%02X", static_cast<unsigned char>(text[parser.problem_offset]));
    return "invalid UTF-8: " + problem + " (byte " + value + "); a manifest must be UTF-8 text";
  }
  std::snprintf(value, sizeof value, "U+%04X", static_cast<unsigned>(parser.problem_value));
  return "character " + std::string(value) + " is not allowed in YAML: " + problem;
}

}  // namespace

ScalarType resolve_plain_scalar(std::string_view text) {
  if (is_one_of(text, {"", "~", "null", "Null", "NULL"})) return ScalarType::Null;
  if (is_one_of(text, {"true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
                       "NO",   "on",   "On",   "ON",    "off",   "Off",   "OFF", "y",   "Y",   "n",  "N"})) {
    return ScalarType::Bool;
  }
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
  if (all_digits(digits, "0123456789")) return ScalarType::Int;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') &&
      all_digits(digits.substr(2), "0123456789abcdefABCDEF")) {
    return ScalarType::Int;
  }
  if (is_float_text(text)) return ScalarType::Float;
  return ScalarType::String;
}

ScalarType YamlNode::scalar_type() const {
  if (tag == "tag:yaml.org,2002:str") return ScalarType::String;
  if (tag == "tag:yaml.org,2002:int") return ScalarType::Int;
  if (tag == "tag:yaml.org,2002:bool") return ScalarType::Bool;
  if (tag == "tag:yaml.org,2002:null") return ScalarType::Null;
  if (tag == "tag:yaml.org,2002:float") return ScalarType::Float;
  if (!plain) return ScalarType::String;
  return resolve_plain_scalar(value);
}

const YamlNode* YamlNode::find(std::string_view name) const {
  if (!is_mapping()) return nullptr;
  for (const YamlNode& child : children) {
    if (child.key == name) return &child;
  }
  return nullptr;
}

Result<std::vector<YamlDocument>> parse_yaml(std::string_view text, const std::string& file_name) {
  std::vector<Diagnostic> diagnostics;
  std::vector<YamlDocument> documents;
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    return Diagnostic{"manifest.yaml-syntax", "out of memory reading YAML", {file_name, 0, 0}};
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  auto builder = std::make_unique<TreeBuilder>(file_name, diagnostics);
  bool done = false;
  while (!done) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      if (parser.error == YAML_READER_ERROR) {
        const SourceLocation at = location_of_byte(text, parser.problem_offset);
        builder->error("manifest.yaml-encoding", at.line, at.column, reader_message(parser, text));
        break;
      }
      const yaml_mark_t& mark = parser.problem ? parser.problem_mark : parser.context_mark;
      builder->error("manifest.yaml-syntax", static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1,
                     syntax_message(parser, text));
      break;
    }
    switch (event.type) {
      case YAML_STREAM_END_EVENT: done = true; break;
      case YAML_DOCUMENT_START_EVENT: builder = std::make_unique<TreeBuilder>(file_name, diagnostics); break;
      case YAML_DOCUMENT_END_EVENT: {
        YamlDocument document{builder->take_root()};
        if (!document.root.is_null()) documents.push_back(std::move(document));
        break;
      }
      case YAML_MAPPING_START_EVENT:
      case YAML_SEQUENCE_START_EVENT:
        if (builder->too_deep()) {
          builder->error("manifest.yaml-too-deep", static_cast<int>(event.start_mark.line) + 1,
                         static_cast<int>(event.start_mark.column) + 1, "the YAML is nested too deeply");
          done = true;
          break;
        }
        builder->open(node_at(event.type == YAML_MAPPING_START_EVENT ? YamlNodeType::Mapping : YamlNodeType::Sequence,
                              event.start_mark));
        break;
      case YAML_MAPPING_END_EVENT:
      case YAML_SEQUENCE_END_EVENT: builder->close(); break;
      case YAML_SCALAR_EVENT: {
        YamlNode node = node_at(YamlNodeType::Scalar, event.start_mark);
        node.value.assign(reinterpret_cast<const char*>(event.data.scalar.value), event.data.scalar.length);
        if (event.data.scalar.tag) node.tag = reinterpret_cast<const char*>(event.data.scalar.tag);
        node.plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        builder->add(std::move(node));
        break;
      }
      case YAML_ALIAS_EVENT: {
        YamlNode placeholder = node_at(YamlNodeType::Scalar, event.start_mark);
        builder->error("manifest.yaml-alias", placeholder.line, placeholder.column,
                       "YAML aliases (*name) are not supported here; write the value out in full");
        builder->add(std::move(placeholder));
        break;
      }
      default: break;
    }
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  if (!diagnostics.empty()) return diagnostics;
  return documents;
}

}  // namespace podlab::k8s
