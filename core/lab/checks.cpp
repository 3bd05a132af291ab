#include "core/lab/checks.h"

#include <algorithm>
#include <regex>

#include "core/k8s/cluster.h"
#include "core/k8s/kubelet.h"
#include "core/k8s/services.h"
#include "core/lab/pattern_check.h"
#include "core/lab/text.h"

namespace podlab::lab {

namespace {

// `matches` is tried on each line of the text (a pattern for one line of output, as grep does).
bool text_passes(const TextTest& test, const std::string& text) {
  switch (test.kind) {
    case TextTest::Kind::Contains: return text.find(test.text) != std::string::npos;
    case TextTest::Kind::Lacks: return text.find(test.text) == std::string::npos;
    case TextTest::Kind::Matches: {
      // The lesson loader refuses such a pattern; checked again here, where the one std::regex is
      // built, because std::regex throws on a pattern it refuses (see pattern_check.h).
      if (pattern_problem(test.text)) return false;
      const std::regex pattern(test.text, std::regex::ECMAScript);
      size_t start = 0;
      while (start <= text.size()) {
        const size_t end = std::min(text.find('\n', start), text.size());
        if (std::regex_search(text.begin() + static_cast<long>(start), text.begin() + static_cast<long>(end), pattern))
          return true;
        start = end + 1;
      }
      return false;
    }
  }
  return false;
}

bool all_pass(const std::vector<TextTest>& tests, const std::string& text) {
  return std::all_of(tests.begin(), tests.end(), [&](const TextTest& test) { return text_passes(test, text); });
}

std::vector<std::string> command_words(const std::string& line) {
  auto words = split_words(line);
  if (!words) return {};
  if (!words->empty() && (*words)[0] == "k") (*words)[0] = "kubectl";
  return *words;
}

bool starts_with_words(const std::string& line, const std::vector<std::string>& prefix) {
  std::vector<std::string> words = command_words(line);
  std::vector<std::string> wanted = prefix;
  if (!wanted.empty() && wanted[0] == "k") wanted[0] = "kubectl";
  return words.size() >= wanted.size() && std::equal(wanted.begin(), wanted.end(), words.begin());
}

std::optional<Ipv4Address> address_of(const Reference& reference, const World& world) {
  switch (reference.kind) {
    case Reference::Kind::Address: return reference.address;
    case Reference::Kind::Pod: {
      const PodRecord* pod = world.pods.get(k8s::find_pod(world, reference.namespace_name, reference.name));
      if (!pod || pod->ip == Ipv4Address{}) return std::nullopt;
      return pod->ip;
    }
    case Reference::Kind::Node: {
      const Node* node = world.nodes.get(k8s::find_node(world, reference.name));
      if (!node) return std::nullopt;
      return node->internal_ip;
    }
  }
  return std::nullopt;
}

NetnsId netns_of(const Reference& reference, const World& world) {
  if (reference.kind == Reference::Kind::Pod) {
    const PodRecord* pod = world.pods.get(k8s::find_pod(world, reference.namespace_name, reference.name));
    return pod ? pod->netns : NetnsId{};
  }
  if (reference.kind == Reference::Kind::Node) {
    const Node* node = world.nodes.get(k8s::find_node(world, reference.name));
    return node ? node->host_netns : NetnsId{};
  }
  return NetnsId{};
}

// The innermost IPv4 header of the packet as the destination received it.
const net::Ipv4Header* received_ip(const Trace& trace) {
  if (!trace.received) return nullptr;
  const net::Ipv4Header* innermost = nullptr;
  for (const net::Header& header : trace.received->headers)
    if (const auto* ip = std::get_if<net::Ipv4Header>(&header)) innermost = ip;
  return innermost;
}

bool trace_passes(const TraceTest& test, const Trace& trace, const World& world) {
  if (test.reaches) {
    const NetnsId netns = netns_of(*test.reaches, world);
    const bool reached = trace.delivered && netns.valid() && std::any_of(trace.hops.begin(), trace.hops.end(), [&](const Hop& hop) {
                           return hop.action == HopAction::Deliver && hop.netns == netns;
                         });
    if (!reached) return false;
  }
  for (const auto& [reference, is_source] : {std::pair{&test.source, true}, std::pair{&test.destination, false}}) {
    if (!*reference) continue;
    const net::Ipv4Header* ip = received_ip(trace);
    const auto wanted = address_of(**reference, world);
    if (!ip || !wanted || (is_source ? ip->source : ip->destination) != *wanted) return false;
  }
  if (test.through_node || test.through_device) {
    const bool through = std::any_of(trace.hops.begin(), trace.hops.end(), [&](const Hop& hop) {
      const Node* node = world.nodes.get(hop.node);
      const Device* device = world.devices.get(hop.device);
      return (!test.through_node || (node && node->name == *test.through_node)) &&
             (!test.through_device || (device && device->name == *test.through_device));
    });
    if (!through) return false;
  }
  if (test.action && std::none_of(trace.hops.begin(), trace.hops.end(), [&](const Hop& hop) { return hop.action == *test.action; }))
    return false;
  if (!test.rule.empty()) {
    const bool matched = std::any_of(trace.hops.begin(), trace.hops.end(), [&](const Hop& hop) {
      return hop.action == HopAction::Netfilter &&
             std::any_of(hop.rules.begin(), hop.rules.end(), [&](const std::string& rule) { return all_pass(test.rule, rule); });
    });
    if (!matched) return false;
  }
  return true;
}

std::string without_trailing_dot(std::string name) {
  if (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

bool dns_passes(const DnsTest& test, const CommandResult& result) {
  if (!result.dns) return false;
  if (test.query_name) {
    const std::string wanted = without_trailing_dot(*test.query_name);
    const bool asked = std::any_of(result.dns->queries.begin(), result.dns->queries.end(), [&](const DnsQueryReport& query) {
      return without_trailing_dot(query.name) == wanted && (!test.query_rcode || query.rcode == test.query_rcode);
    });
    if (!asked) return false;
  }
  return !test.rcode || result.dns->rcode == test.rcode;
}

}  // namespace

PodAddresses pod_addresses(const World& world) {
  PodAddresses addresses;
  for (PodId id : world.pods.ids()) {
    const PodRecord& pod = world.pods.at(id);
    addresses[pod.pod.metadata.namespace_name + "/" + pod.pod.metadata.name] = pod.ip;
  }
  return addresses;
}

bool result_passes(const Check& check, const CommandResult& result, const World& world) {
  if (!check.command.empty() && !starts_with_words(result.command, check.command)) return false;
  if (check.ok && result.ok != *check.ok) return false;
  if (!all_pass(check.output, result.output)) return false;
  const Trace* main = result.main_trace && *result.main_trace < result.traces.size() ? &result.traces[*result.main_trace] : nullptr;
  if (check.delivered && (main ? main->delivered : false) != *check.delivered) return false;
  if (check.trace && (!main || !trace_passes(*check.trace, *main, world))) return false;
  if (check.dns && !dns_passes(*check.dns, result)) return false;
  return true;
}

bool model_passes(const Check& check, const World& world, const PodAddresses& at_start) {
  if (!check.model) return true;
  const ModelTest& model = *check.model;
  if (model.pod) {
    const PodFact& fact = *model.pod;
    const PodRecord* pod = world.pods.get(k8s::find_pod(world, fact.namespace_name, fact.name));
    if (!pod) return false;
    if (fact.phase && *fact.phase != pod_phase_name(pod->phase)) return false;
    if (fact.node) {
      const Node* node = world.nodes.get(pod->node);
      if (!node || node->name != *fact.node) return false;
    }
    if (fact.ip_unchanged) {
      const auto before = at_start.find(fact.namespace_name + "/" + fact.name);
      if (before == at_start.end() || before->second != pod->ip) return false;
    }
  }
  if (model.route) {
    const RouteFact& fact = *model.route;
    const Node* node = world.nodes.get(k8s::find_node(world, fact.node));
    if (!node) return false;
    const Netns& netns = world.namespaces_net.at(node->host_netns);
    const bool found = std::any_of(netns.routes.begin(), netns.routes.end(), [&](const Route& route) {
      if (route.type != RouteType::Unicast || route.destination.canonical() != fact.to) return false;
      const Device* device = world.devices.get(route.device);
      if (fact.dev && (!device || device->name != *fact.dev)) return false;
      return !fact.via || route.gateway == fact.via;
    });
    if (!found) return false;
  }
  if (model.service) {
    const ServiceFact& fact = *model.service;
    const ServiceRecord* service = k8s::find_service(world, fact.namespace_name, fact.name);
    if (!service) return false;
    if (fact.endpoints) {
      int ready = 0;
      for (const EndpointSliceRecord& slice : service->slices)
        for (const EndpointRecord& endpoint : slice.endpoints) ready += endpoint.ready ? 1 : 0;
      if (ready != *fact.endpoints) return false;
    }
  }
  return true;
}

void update_goal(const Check& check, GoalState& state, const Session& session, const CommandResult* learner_line,
                 const PodAddresses& at_start) {
  if (check.run) {
    CommandResult result;
    const Session copy = session.probe(*check.run, result);
    state.met = result_passes(check, result, copy.world()) && model_passes(check, copy.world(), at_start);
    return;
  }
  if (!check.tests_result()) {
    state.met = model_passes(check, session.world(), at_start);
    return;
  }
  if (learner_line && result_passes(check, *learner_line, session.world()) &&
      model_passes(check, session.world(), at_start))
    state.seen = true;
  state.met = state.seen;
}

}  // namespace podlab::lab
