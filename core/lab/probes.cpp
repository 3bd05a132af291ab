#include "core/lab/probes.h"

#include <algorithm>

#include "core/lab/http_server.h"

namespace podlab::lab {

std::vector<ProbeOutcome> send_probes(Context& context, NetnsId netns, std::vector<Probe> probes, SimTime until,
                                      MainTrace main) {
  Network network(context.world, lab_servers());
  std::vector<size_t> requests;
  bool waits = false;
  for (Probe& probe : probes) {
    waits = waits || probe.expects_answer;
    requests.push_back(network.send(netns, std::move(probe.packet), probe.at));
  }
  network.run(until);
  const size_t base = context.result.traces.size();
  for (const Trace& trace : network.traces()) context.result.traces.push_back(trace);
  for (const auto& frame : network.captured()) context.captured.push_back(frame);
  std::vector<ProbeOutcome> outcomes;
  for (size_t request : requests) {
    ProbeOutcome outcome{base + request, std::nullopt};
    if (auto reply = network.reply_to(request)) outcome.answer = base + *reply;
    outcomes.push_back(outcome);
  }
  if (!outcomes.empty() && main == MainTrace::Set) {
    context.result.main_trace = outcomes.front().request;
    context.result.reply_trace = outcomes.front().answer;
  }
  // The tool waits for its answers: the clock stops at the last one, or runs to the timeout.
  bool all_answered = true;
  for (size_t i = 0; i < outcomes.size(); ++i)
    if (probes[i].expects_answer && !outcomes[i].answer) all_answered = false;
  if (waits && !all_answered && context.world.now < until) context.world.now = until;
  return outcomes;
}

bool came_back(const Context& context, const ProbeOutcome& outcome, NetnsId netns) {
  if (!outcome.answer) return false;
  const Trace& reply = context.result.traces[*outcome.answer];
  return reply.delivered && !reply.hops.empty() && reply.hops.back().netns == netns;
}

uint16_t ephemeral_port(World& world) { return static_cast<uint16_t>(32768 + world.rng.below(60999 - 32768)); }

net::Packet ip_packet(Ipv4Address destination, net::IpProtocol protocol) {
  net::Ipv4Header ip;
  ip.destination = destination;
  ip.protocol = protocol;
  net::Packet packet;
  packet.headers.push_back(ip);
  return packet;
}

}  // namespace podlab::lab
