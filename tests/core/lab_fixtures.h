// Shared helpers for the scenario suites: build a lab through Session::run, the way a learner
// types it, and read back what they would look at (pod IPs, ping output, the trace JSON).
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/k8s/kubelet.h"
#include "core/lab/session.h"

namespace podlab::testing {

// Runs a console line and requires it to succeed, showing its output when it does not.
inline lab::CommandResult run_ok(lab::Session& session, const std::string& line) {
  lab::CommandResult result = session.run(line);
  INFO("command: ", line, "\noutput:\n", result.output);
  REQUIRE(result.ok);
  return result;
}

// A manifest for a pod pinned to a node with spec.nodeName (which bypasses the scheduler, so the
// tainted control-plane node-1 gets pods too).
inline std::string pod_manifest(const std::string& name, const std::string& node, const std::string& image = "busybox") {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  nodeName: " + node +
         "\n  containers:\n  - name: main\n    image: " + image + "\n";
}

inline void apply_manifest(lab::Session& session, const std::string& manifest) {
  run_ok(session, "kubectl apply -f -\n" + manifest);
}

inline const PodRecord& pod_record(const lab::Session& session, const std::string& name,
                                   const std::string& ns = "default") {
  const PodId id = k8s::find_pod(session.world(), ns, name);
  REQUIRE_MESSAGE(id.valid(), "no pod ", name);
  return session.world().pods.at(id);
}

inline std::string pod_ip(const lab::Session& session, const std::string& name) {
  return pod_record(session, name).ip.to_string();
}

inline std::string node_ip(const lab::Session& session, const std::string& name) {
  std::string ip;
  session.world().nodes.for_each([&](NodeId, const Node& node) {
    if (node.name == name) ip = node.internal_ip.to_string();
  });
  REQUIRE_MESSAGE(!ip.empty(), "no node ", name);
  return ip;
}

// `trace` of a traffic command's --json line.
inline nlohmann::json trace_json(const lab::Session& session, const lab::CommandResult& result) {
  const nlohmann::json json = result.to_json(session.world());
  REQUIRE_MESSAGE(json.contains("trace"), "no trace for: ", result.command);
  return json["trace"];
}

// The hops of the main trace with the given action.
inline std::vector<nlohmann::json> hops_with(const nlohmann::json& trace, const std::string& action) {
  std::vector<nlohmann::json> found;
  for (const auto& hop : trace["hops"])
    if (hop["action"] == action) found.push_back(hop);
  return found;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Two pods on each of the default cluster's nodes: p1a, p1b on node-1, p2a, p2b on node-2 …
inline std::vector<std::string> two_pods_per_node(lab::Session& session) {
  std::vector<std::string> names;
  std::string manifest;
  for (const char* node : {"1", "2", "3"})
    for (const char* suffix : {"a", "b"}) {
      const std::string name = std::string("p") + node + suffix;
      if (!manifest.empty()) manifest += "---\n";
      manifest += pod_manifest(name, std::string("node-") + node);
      names.push_back(name);
    }
  apply_manifest(session, manifest);
  return names;
}

}  // namespace podlab::testing
