// The World: all mutable state of one lab, as one value. Copying it is a snapshot. Everything that
// changes it goes through core/k8s (what Kubernetes components do) and core/net (packets), driven
// by the Session (core/lab). Nothing here knows about a screen.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/base/rng.h"
#include "core/base/sim_time.h"
#include "core/k8s/kube_proxy.h"
#include "core/model/cluster.h"
#include "core/model/network.h"
#include "core/model/table.h"
#include "core/net/conntrack.h"
#include "core/net/netfilter.h"
#include "core/sim/event_log.h"

namespace podlab {

inline constexpr int world_snapshot_version = 1;

// Netfilter in one network namespace (a node's host namespace): the tables `iptables-save` prints
// and their parsed rules, what kube-proxy and flanneld last wrote them from, the connection
// tracking table and the `-m recent` lists of sessionAffinity.
struct NetfilterState {
  std::string filter_text, nat_text;  // as iptables-save prints each table
  net::Ruleset rules;
  k8s::ProxyInput proxy_input;  // the tables are rewritten only when this or the datapath changes
  k8s::Datapath datapath = k8s::Datapath::FlannelVxlan;
  net::ConntrackTable conntrack;
  net::RecentLists recent;
};

struct World {
  k8s::ClusterSpec cluster;
  Table<Node, NodeTag> nodes;
  Table<Netns, NetnsTag> namespaces_net;
  Table<Device, DeviceTag> devices;
  Table<Segment, SegmentTag> segments;
  Table<PodRecord, PodTag> pods;
  std::vector<NamespaceRecord> namespaces;
  std::vector<WorkloadRecord> workloads;
  std::vector<ServiceRecord> services;
  std::vector<ConfigMapRecord> config_maps;
  CoreDnsState coredns;
  SegmentId node_network;
  // A computer outside the cluster on the node network (a learner's laptop on the same LAN): the
  // client for NodePort Services. Its namespace belongs to no node.
  NetnsId external_host;
  std::map<NetnsId, NetfilterState> netfilter;  // namespaces without an entry have no rules and no conntrack

  Rng rng;
  uint64_t seed = 0;
  SimTime now;
  uint64_t next_creation = 1;  // creation order of objects
  uint64_t next_mac = 1;
  int next_pid = 1000;
  EventLog log;
};

// [SECTION] Look-ups over the network tables

// The ports (host ends of veth pairs) enslaved to `bridge`.
std::vector<DeviceId> bridge_ports(const World& world, DeviceId bridge);
// The devices that see a broadcast (an ARP request) sent from `device`: a veth's peer and, when the
// peer is a bridge port, the bridge and the other ports' peers; the other hosts of an Ethernet
// segment; the VXLAN devices at a point-to-point tunnel's far end.
std::vector<DeviceId> link_neighbours(const World& world, DeviceId device);
// The device named `name` in `netns`, or an invalid id.
DeviceId find_device(const World& world, NetnsId netns, const std::string& name);
// Random identifiers from the world's generator: container and sandbox ids, interface names, UIDs.
std::string random_hex(World& world, int digits);
std::string random_uuid(World& world);  // 8-4-4-4-12 hex digits, as Kubernetes UIDs and netns names
// The five characters the API server appends to a generateName ("web-7d4b9c8f5d-" + "x2k9p"), from
// the alphabet Kubernetes uses for generated names (no vowels, no confusable digits).
inline constexpr char generated_name_alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
std::string generated_name_suffix(World& world);
// A loopback device with 127.0.0.1/8, as every new network namespace has.
DeviceId add_loopback(World& world, NetnsId netns);
// A new locally administered MAC address, unique in the world and deterministic.
MacAddress allocate_mac(World& world);
// Adds a device to `netns` with the next ifindex; returns its id.
DeviceId add_device(World& world, NetnsId netns, Device device);
// Removes a device (and, for a veth, its peer), with the routes and neighbours that used it.
void remove_device(World& world, DeviceId device);

}  // namespace podlab
