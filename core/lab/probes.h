// Traffic a console tool sends: packets handed to a namespace's stack at given times, the network
// run until they are answered or time out, every trace and frame kept in the command's result.
// ping, traceroute and curl are built on it.
#pragma once

#include <optional>
#include <vector>

#include "core/lab/commands.h"

namespace podlab::lab {

struct Probe {
  SimTime at;
  net::Packet packet;
  bool expects_answer = true;  // false for a bare ACK: the tool does not wait for anything
};

struct ProbeOutcome {
  size_t request = 0;            // index into result.traces
  std::optional<size_t> answer;  // what came back: echo reply, SYN-ACK, RST, ICMP error, data
};

// Sends the probes from `netns` and runs the network until `until`; records every trace. The
// first probe becomes the command's main trace unless `main` is Keep.
enum class MainTrace { Set, Keep };
std::vector<ProbeOutcome> send_probes(Context& context, NetnsId netns, std::vector<Probe> probes, SimTime until,
                                      MainTrace main = MainTrace::Set);
// The reply's arrival: delivered to a socket back in the sender's namespace.
bool came_back(const Context& context, const ProbeOutcome& outcome, NetnsId netns);
uint16_t ephemeral_port(World& world);
// A packet with only its IPv4 header (source chosen by the stack).
net::Packet ip_packet(Ipv4Address destination, net::IpProtocol protocol);

bool run_curl(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& args);

}  // namespace podlab::lab
