// The forwarding pipeline: moves packets through the World's tables the way the Linux kernel does.
// A packet sent from a namespace is routed (longest prefix), its next hop resolved (neighbour table,
// ARP on the link, proxy ARP), and transmitted: a veth hands it to its peer, a bridge forwards by its
// FDB, an Ethernet device puts it on the node network, a VXLAN or IPIP device encapsulates it and
// routes the outer packet. A receiving namespace delivers it locally (the kernel answers pings and
// TCP handshakes, refuses closed ports), decapsulates tunnel traffic, or forwards it if ip_forward is
// on. Nothing is decided by "same node" or "other node": only by the tables.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <vector>

#include "core/base/sim_time.h"
#include "core/net/packet.h"
#include "core/net/trace.h"
#include "core/sim/world.h"

namespace podlab {

// A packet that reached a socket of a process (not answered by the kernel): replies to the
// commands that sent traffic, and UDP/TCP data to listeners.
struct Arrival {
  SimTime time;
  NetnsId netns;
  size_t trace = 0;
  net::Packet packet;  // from its IPv4 header on
};

// A process that answers UDP datagrams (CoreDNS on port 53): given a datagram delivered to a
// socket in `netns`, the reply it sends back, or nothing when no such server listens there. The
// reply is a packet from its IPv4 header on, addressed by the server (source = the request's
// destination); it leaves through the namespace's stack like any other packet.
using UdpServer = std::function<std::optional<net::Packet>(const World& world, NetnsId netns, const net::Packet& request)>;

// A process that serves a TCP port (a web server): given a data segment delivered to a listening
// socket in `netns`, the bytes it sends back (an HTTP response), or nothing. The kernel does the
// rest: handshakes, acknowledgements, the FIN exchange.
using TcpServer = std::function<std::optional<std::vector<uint8_t>>(const World& world, NetnsId netns, const net::Packet& request)>;

// The user-space programs of the lab that answer traffic.
struct Servers {
  UdpServer udp;
  TcpServer tcp;
};

class Network {
 public:
  explicit Network(World& world, Servers servers = {}) : world_(world), servers_(std::move(servers)) {}

  // A process in `netns` sends `packet` (starting with its Ipv4Header; source 0.0.0.0 means the
  // stack picks it) at time `at`. Returns the index of the packet's trace.
  size_t send(NetnsId netns, net::Packet packet, SimTime at);
  // Processes events until none is left or the clock passes `until`.
  void run(SimTime until);

  const std::vector<Trace>& traces() const { return traces_; }
  const std::vector<Arrival>& arrivals() const { return arrivals_; }
  // Every frame as it crossed a link, with its time: what a capture on every device would see.
  const std::vector<std::pair<SimTime, net::Packet>>& captured() const { return captured_; }
  // The trace started by the kernel's answer to the packet of trace `index`, if any.
  std::optional<size_t> reply_to(size_t index) const;

 private:
  struct Event {
    SimTime time;
    uint64_t sequence = 0;
    DeviceId device;  // the frame arrives on this device
    NetnsId netns;    // or, with no device, a process sends from this namespace
    size_t trace = 0;
    net::Packet packet;
    bool operator>(const Event& other) const {
      return time != other.time ? time > other.time : sequence > other.sequence;
    }
  };

  void schedule(Event event);
  void hop(size_t trace, SimTime time, NetnsId netns, DeviceId device, HopAction action, std::string detail,
           const net::Packet& packet);
  void drop(size_t trace, SimTime time, NetnsId netns, DeviceId device, std::string reason,
            const net::Packet& packet);
  size_t start_trace(std::optional<size_t> caused_by);

  void output_ip(size_t trace, SimTime time, NetnsId netns, net::Packet packet, DeviceId ingress);
  void transmit(size_t trace, SimTime time, DeviceId device, net::Packet packet, Ipv4Address next_hop);
  void transmit_frame(size_t trace, SimTime time, DeviceId device, net::Packet frame);
  void receive_frame(size_t trace, SimTime time, DeviceId device, net::Packet frame);
  void input_ip(size_t trace, SimTime time, DeviceId device, net::Packet packet);
  void deliver_local(size_t trace, SimTime time, DeviceId device, net::Packet packet);
  void answer(size_t trace, SimTime time, NetnsId netns, net::Packet reply);
  // A TCP segment after the handshake to a listening socket: data for the server, a FIN, an ACK.
  // Returns false when no socket listens on its port here (the segment is for a client).
  bool serve_tcp(size_t trace, SimTime time, DeviceId device, const net::Packet& packet, const net::TcpHeader& tcp);
  void send_icmp_error(size_t trace, SimTime time, NetnsId netns, DeviceId ingress, const net::Packet& offending,
                       net::IcmpType type, uint8_t code, uint16_t mtu);
  std::optional<MacAddress> resolve_neighbour(size_t trace, SimTime time, DeviceId device, Ipv4Address address);

  // Netfilter hooks, for namespaces that have rules (forwarding_netfilter.cpp). Each may rewrite
  // the packet (DNAT, conntrack's reverse translation, MASQUERADE) and returns false when it
  // dropped or rejected it. `in`/`out` are the devices iptables' -i/-o see (invalid: none).
  bool prerouting(size_t trace, SimTime time, NetnsId netns, DeviceId in, net::Packet& packet);
  bool local_out(size_t trace, SimTime time, NetnsId netns, DeviceId out, net::Packet& packet);
  bool forward_hook(size_t trace, SimTime time, NetnsId netns, DeviceId in, DeviceId out, net::Packet& packet);
  bool local_in(size_t trace, SimTime time, NetnsId netns, DeviceId in, net::Packet& packet);
  bool postrouting(size_t trace, SimTime time, NetnsId netns, DeviceId out, net::Packet& packet);
  // The first hook of a namespace (PREROUTING or OUTPUT): conntrack, then the nat table for a new flow.
  bool first_hook(size_t trace, SimTime time, NetnsId netns, net::Hook hook, DeviceId in, DeviceId out,
                  net::Packet& packet);
  bool filter_hook(size_t trace, SimTime time, NetnsId netns, net::Hook hook, DeviceId in, DeviceId out,
                   net::Packet& packet);
  void reject(size_t trace, SimTime time, NetnsId netns, DeviceId in, const net::Packet& packet);

  // The connection a packet belongs to while it is inside one namespace's netfilter: what the
  // kernel keeps in the skb between the first hook and the conntrack confirmation.
  struct PendingFlow {
    NetnsId netns;
    net::ConntrackTuple original;
    bool known = false;  // an existing connection: no nat table, nothing to confirm
    uint32_t conntrack_state = 0;
    uint32_t mark = 0;
  };
  std::map<size_t, PendingFlow> pending_;  // by trace

  World& world_;
  Servers servers_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
  uint64_t next_sequence_ = 0;
  std::vector<Trace> traces_;
  std::vector<std::optional<size_t>> caused_by_;
  std::vector<Arrival> arrivals_;
  std::vector<std::pair<SimTime, net::Packet>> captured_;
};

// [SECTION] Table look-ups shared with the commands that show them

// The route `ip route get` would pick in `netns` for `destination`, or null.
const Route* lookup_route(const World& world, NetnsId netns, Ipv4Address destination);
// The device of `netns` that holds `address`, or an invalid id.
DeviceId local_device_for(const World& world, NetnsId netns, Ipv4Address address);
// The source address the stack picks for a packet leaving by `route`.
Ipv4Address pick_source(const World& world, const Route& route);
// `ip route` text of one route, e.g. "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink".
std::string format_route(const World& world, const Route& route);

}  // namespace podlab
