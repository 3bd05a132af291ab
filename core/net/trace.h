// What a packet did, hop by hop: every place it was seen, the table entry that decided its next
// step, and its headers there. The UI animates and inspects traces; tests and the CLI's --json read
// them. Traces are recorded by the forwarding pipeline, never drawn first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/sim_time.h"
#include "core/model/network.h"
#include "core/net/packet.h"

namespace podlab {

struct World;

enum class HopAction {
  Send,         // a process handed the packet to the stack
  Route,        // a routing decision
  Arp,          // a neighbour was resolved
  Transmit,     // left by a device
  Receive,      // arrived on a device
  Bridge,       // a bridge forwarded the frame between ports
  Encapsulate,  // a tunnel device wrapped it
  Decapsulate,  // a tunnel device unwrapped it
  Forward,      // the namespace forwarded it (ip_forward), TTL decremented
  Deliver,      // handed to a socket (or answered by the kernel)
  Netfilter,    // iptables rules matched at a hook (DNAT, MASQUERADE, REJECT, a mark)
  Conntrack,    // a known connection's translation was applied (un-DNAT on a reply)
  Drop,         // dropped, with the reason
};
const char* hop_action_name(HopAction action);

struct Hop {
  SimTime time;
  NodeId node;
  NetnsId netns;
  DeviceId device;
  HopAction action = HopAction::Send;
  std::string detail;  // the decision, in the words of the tool that shows it: "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"
  net::Packet packet;  // the headers at this hop (after the hop's own change)
  std::vector<std::string> rules;  // Netfilter: each rule that matched, "nat KUBE-SEP-…: -A KUBE-SEP-… -j DNAT …"
};

struct Trace {
  std::vector<Hop> hops;
  bool delivered = false;
  std::string reason;  // why it was not delivered
  std::optional<net::Packet> received;  // as the destination saw it
};

// JSON of a trace, as the CLI's --json and the JavaScript API report it: delivered, reason, hops
// (node, netns, device, action, detail, encap), received (src_ip, dst_ip, dst_port).
nlohmann::json trace_to_json(const World& world, const Trace& trace);

}  // namespace podlab
