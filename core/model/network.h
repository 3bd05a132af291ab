// The Linux network objects of the lab, as `ip` shows them on a real node: network namespaces with
// their devices (lo, eth0, veth pairs, the cni0 bridge, flannel.1, tunl0 …), addresses, routes,
// neighbour (ARP) entries and forwarding databases. Nodes' eth0 devices sit on the node network, an
// L2 segment. Forwarding (core/net/forwarding.h) reads only these tables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/base/ids.h"
#include "core/base/ip.h"

namespace podlab {

struct NodeTag;
struct NetnsTag;
struct DeviceTag;
struct PodTag;
struct SegmentTag;
using NodeId = Id<NodeTag>;
using NetnsId = Id<NetnsTag>;
using DeviceId = Id<DeviceTag>;
using PodId = Id<PodTag>;
using SegmentId = Id<SegmentTag>;

enum class DeviceKind { Loopback, Ethernet, Veth, Bridge, Vxlan, Ipip };
const char* device_kind_name(DeviceKind kind);  // as `ip -d link` names it: "veth", "bridge", "vxlan", "ipip"

// A forwarding-database entry. On a bridge: which port a MAC was learned on. On a VXLAN device:
// which remote VTEP (node IP) a MAC lives behind, as `bridge fdb` shows "<mac> dst <ip> self permanent".
struct FdbEntry {
  MacAddress mac;
  DeviceId port;                     // bridge entries
  std::optional<Ipv4Address> remote;  // VXLAN entries
  bool permanent = false;
};

struct Device {
  std::string name;
  DeviceKind kind = DeviceKind::Ethernet;
  NetnsId netns;
  int ifindex = 0;
  MacAddress mac;
  int mtu = 1500;
  bool up = true;
  std::vector<Ipv4Cidr> addresses;  // address with its prefix, as `ip addr` shows it
  DeviceId peer;                    // veth: the other end, often in another namespace
  DeviceId master;                  // a bridge port: its bridge
  SegmentId segment;                // Ethernet: the L2 network it is plugged into
  bool proxy_arp = false;           // answers ARP for addresses it routes (Calico's cali* host ends)
  bool no_arp = false;              // IPIP tunnels have no link layer
  std::vector<FdbEntry> fdb;
  // Tunnels
  uint32_t vni = 0;           // VXLAN
  uint16_t udp_port = 0;      // VXLAN destination port (8472 for flannel)
  Ipv4Address local;          // tunnel source (0: the route's source address)
  Ipv4Address remote;         // point-to-point tunnel peer (0: any, as tunl0 and flannel.1)
  DeviceId underlay;          // VXLAN: the device its packets leave by (the node's eth0)
};

enum class RouteType { Unicast, Blackhole };
enum class RouteScope { Universe, Link, Host };
enum class RouteProtocol { Boot, Kernel, Static, Bird, Flannel, Lab };
const char* route_protocol_name(RouteProtocol protocol);

struct Route {
  RouteType type = RouteType::Unicast;
  Ipv4Cidr destination;
  std::optional<Ipv4Address> gateway;
  DeviceId device;
  bool onlink = false;
  RouteScope scope = RouteScope::Universe;
  RouteProtocol protocol = RouteProtocol::Boot;
  std::optional<Ipv4Address> source;  // "src": preferred source address
};

struct NeighbourEntry {
  Ipv4Address address;
  MacAddress mac;
  DeviceId device;
  bool permanent = false;
};

// A process's socket bound in a namespace: listeners come from containers' ports, client sockets
// from commands that send traffic.
struct ListeningSocket {
  int protocol = 6;  // IP protocol number: 6 TCP, 17 UDP
  uint16_t port = 0;
  std::string owner;  // "nginx (container web)"
};

struct Netns {
  std::string name;  // "host" for a node's root namespace; pods: "cni-<uuid>" as containerd names them
  NodeId node;
  PodId pod;  // the pod whose sandbox holds it; invalid for a node's root namespace
  std::vector<DeviceId> devices;
  std::vector<Route> routes;
  std::vector<NeighbourEntry> neighbours;
  std::vector<ListeningSocket> listeners;
  bool ip_forward = false;
  int next_ifindex = 1;
};

// An L2 network between namespaces' Ethernet devices: the node network.
struct Segment {
  std::string name;
  Ipv4Cidr cidr;
  std::vector<DeviceId> members;
};

}  // namespace podlab
