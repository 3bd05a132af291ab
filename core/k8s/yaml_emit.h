// Renders API objects as `kubectl get -o yaml` prints them, so what a learner sees in the lab is
// what a real cluster would show: two-space indentation, a list under a key written at the key's
// own indentation ("- name: web"), keys in the JSON's order (nlohmann::json keeps them sorted, as
// kubectl's output is), and strings quoted only when YAML would read them as something else
// ("80", "true", "") or could not read them plain ('a: b'). Multi-line strings become `|` blocks.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace podlab::k8s {

std::string to_yaml(const nlohmann::json& value);

}  // namespace podlab::k8s
