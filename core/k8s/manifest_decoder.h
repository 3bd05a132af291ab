// Strict reading of a YAML tree into typed fields, the way the API server decodes a manifest with
// kubectl's --validate=strict: every key must be a known field, every value the field's type.
// Problems become Diagnostics pointing at the offending key or value; reading goes on so that one
// pass reports everything wrong in a file. Paths are written as the API writes them:
// "spec.containers[0].ports[1].containerPort".
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/k8s/yaml_tree.h"

namespace podlab::k8s {

std::string field_path(const std::string& parent, std::string_view key);
std::string item_path(const std::string& parent, size_t index);

class ManifestDecoder {
 public:
  ManifestDecoder(std::string file_name, std::vector<Diagnostic>& diagnostics)
      : file_name_(std::move(file_name)), diagnostics_(diagnostics) {}

  void report(std::string code, int line, int column, std::string message);
  void report_at(const YamlNode& node, std::string code, std::string message) {
    report(std::move(code), node.line, node.column, std::move(message));
  }
  SourceLocation where(const YamlNode& node) const { return {file_name_, node.line, node.column}; }
  size_t error_count() const { return diagnostics_.size(); }

  // Reports "<path>: expected <what>, got <what the node is>" at the node.
  void wrong_type(const YamlNode& node, const std::string& path, std::string_view expected);
  // Reports "<path>: Invalid value: <value>: <why>" at the node, the API server's shape.
  void invalid_value(const YamlNode& node, const std::string& path, std::string_view why);
  // "<path>: Required value" (plus a hint) at `at`, usually the mapping that lacks the field.
  void required(const YamlNode& at, const std::string& path, std::string_view hint = {});

  // Checks that `node` is a mapping whose keys are all in `known`. Keys in `ignored` are real
  // Kubernetes fields Podlab does not model (resources, probes, volumes…): a manifest copied from
  // elsewhere still applies, and they are skipped. Returns false when `node` is not a mapping.
  bool expect_fields(const YamlNode& node, const std::string& path, std::initializer_list<std::string_view> known,
                     std::initializer_list<std::string_view> ignored = {});

  // Each reader looks up `key` in `mapping`. An absent or null field leaves `out` alone and
  // returns false, like an omitted field in the API; a value of the wrong type is reported.
  bool read(const YamlNode& mapping, std::string_view key, const std::string& path, std::string& out);
  bool read(const YamlNode& mapping, std::string_view key, const std::string& path, int& out);
  bool read(const YamlNode& mapping, std::string_view key, const std::string& path, bool& out);
  bool read(const YamlNode& mapping, std::string_view key, const std::string& path, std::vector<std::string>& out);
  bool read(const YamlNode& mapping, std::string_view key, const std::string& path,
            std::map<std::string, std::string>& out);

  // The list under `key` when present and a list; reports anything else. Null when absent.
  const YamlNode* list(const YamlNode& mapping, std::string_view key, const std::string& path);
  // The mapping under `key` when present and a mapping; reports anything else. Null when absent.
  const YamlNode* mapping(const YamlNode& parent, std::string_view key, const std::string& path);

  // Scalar conversions for values already found; they report and return false on a wrong type.
  bool as_string(const YamlNode& node, const std::string& path, std::string& out);
  bool as_int(const YamlNode& node, const std::string& path, int& out);

 private:
  std::string file_name_;
  std::vector<Diagnostic>& diagnostics_;
};

// How a node reads in a message: "three" quoted for strings, 3 bare, "a mapping", "a list".
std::string describe_node(const YamlNode& node);
// A string for a message, in double quotes with quotes and backslashes escaped.
std::string quoted(std::string_view text);

}  // namespace podlab::k8s
