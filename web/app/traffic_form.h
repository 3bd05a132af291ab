// The "Send traffic" form's model: which pods can send (running, with their own network), what they
// can send to (pods by IP, Services by ClusterIP and by DNS name, or any address or name typed in), and the console
// line the form runs, so the learner sees the very command that sent the traffic:
//   kubectl exec client -- ping -c 1 10.244.1.2
//   kubectl exec -n shop client -- curl -s http://10.96.0.12:80/
// The choices are prepared when the lab changes; the form's own state is indices and a text field.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/lab/session.h"

namespace podlab::web {

enum class TrafficTool { Ping, Curl };

struct TrafficSource {
  std::string namespace_name;
  std::string name;
  std::string label;  // "client  ·  10.244.2.2  ·  node-3"
  std::string node;
};

struct TrafficTarget {
  std::string address;  // what the tool is given: an IP address; empty for a Service by name
  int port = 80;        // for curl: the container's first TCP port, or the Service's first port
  std::string label;    // "web  ·  10.244.1.2  ·  node-2", "Service web  ·  10.96.0.12:80"
  std::string node;     // pods: the node it runs on; empty for Services
  // A Service by its DNS name: "web" from its own namespace, "web.shop" from another.
  std::string service_name;
  std::string service_namespace;
};

struct TrafficChoices {
  uint64_t revision = UINT64_MAX;  // the session revision they were prepared from
  std::vector<TrafficSource> sources;
  std::vector<TrafficTarget> targets;  // pods first, then Services by ClusterIP, then Services by name
};

// What the learner picked. `target == choices.targets.size()` means "another address or name".
struct TrafficForm {
  size_t source = 0;
  size_t target = SIZE_MAX;  // SIZE_MAX: not chosen yet, the form picks a pod on another node
  std::array<char, 128> other{};
  TrafficTool tool = TrafficTool::Ping;
  std::string command;  // the line the form would run now, prepared when the choices or form change
};

// Returns true when it rebuilt them (the lab changed).
bool refresh_traffic_choices(TrafficChoices& choices, const lab::Session& session);
// Keeps the form's indices inside the choices and fills in defaults: the first pod sends to the first
// pod on another node (or any other pod, or the first Service). Prepares form.command: call it when
// the choices or the form change, not every frame.
void settle_traffic_form(TrafficForm& form, const TrafficChoices& choices);
// The console line for the form, or "" while it is incomplete.
std::string traffic_command(const TrafficChoices& choices, const TrafficForm& form);

}  // namespace podlab::web
