// A YAML stream read into a small tree that remembers, for every node, where it was written
// (1-based line and column) and how a scalar was written: `80` and `"80"` are different values in
// Kubernetes (an integer and a string), so the tree keeps quoting and explicit tags instead of
// guessing types early. The tree owns its nodes; nothing points back into the input text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace podlab::k8s {

enum class YamlNodeType { Scalar, Mapping, Sequence };

// What a scalar means under the YAML 1.1 rules the Kubernetes YAML decoder follows.
enum class ScalarType { Null, Bool, Int, Float, String };

struct YamlNode {
  YamlNodeType type = YamlNodeType::Scalar;
  std::string value;  // a scalar's text, unescaped
  std::string tag;    // an explicit tag ("tag:yaml.org,2002:str" for `!!str`), else empty
  bool plain = true;  // false for quoted and block scalars, which are always strings
  int line = 0;
  int column = 0;
  // Sequence items, or a mapping's values in the order written, each carrying its key below.
  std::vector<YamlNode> children;
  std::string key;
  int key_line = 0;
  int key_column = 0;

  bool is_mapping() const { return type == YamlNodeType::Mapping; }
  bool is_sequence() const { return type == YamlNodeType::Sequence; }
  bool is_scalar() const { return type == YamlNodeType::Scalar; }
  ScalarType scalar_type() const;  // only for scalars
  bool is_null() const { return is_scalar() && scalar_type() == ScalarType::Null; }
  // The mapping value under `name`, or null when absent (or when this is not a mapping).
  const YamlNode* find(std::string_view name) const;
};

struct YamlDocument {
  YamlNode root;
};

// Reads every document of a stream. Documents that hold nothing (or only `null`) are dropped.
// Syntax errors come with libyaml's position and problem text; aliases (*name), complex keys and
// duplicate keys are diagnostics too, because Kubernetes' strict decoding rejects them or because
// a learner's manifest never needs them.
Result<std::vector<YamlDocument>> parse_yaml(std::string_view text, const std::string& file_name);

// A scalar's type under YAML 1.1 for plain text, as the Kubernetes decoder resolves it:
// "true"/"yes"/"on" are booleans, "80" is an integer, "" and "~" are null.
ScalarType resolve_plain_scalar(std::string_view text);

}  // namespace podlab::k8s
