// The headers of a packet as the packet inspector lists them, layer by layer (outermost first),
// field by field, and what changed since the packet's previous hop: a field's old value (the IPv4
// destination after DNAT: 10.96.0.12 -> 10.244.1.3), layers added in front (the outer Ethernet, IPv4,
// UDP and VXLAN of an encapsulation) and layers taken away (at decapsulation). Layers are matched
// from the inside out, because encapsulation only ever adds headers in front.
#pragma once

#include <string>
#include <vector>

#include "core/net/packet.h"
#include "web/app/i18n.h"

namespace podlab::web {

enum class HeaderKind { Ethernet, Ipv4, Icmp, Udp, Tcp, Vxlan };
const char* header_kind_name(HeaderKind kind);  // "Ethernet", "IPv4", "ICMP", "UDP", "TCP", "VXLAN"

struct HeaderField {
  Text label;          // "destination", translated by the panel
  std::string value;   // as tcpdump would print it: "10.244.1.3", "0a:58:00:00:00:0f", "[S.]"
  std::string before;  // the value at the previous hop, when it changed
  bool changed = false;
};

struct HeaderLayer {
  HeaderKind kind = HeaderKind::Ethernet;
  bool outer = false;  // part of an encapsulation, in front of the inner packet
  bool added = false;  // not in the packet at the previous hop
  std::vector<HeaderField> fields;
};

struct HeaderDiff {
  std::vector<HeaderLayer> layers;       // the packet now, outermost first
  std::vector<HeaderKind> removed;       // layers the previous hop had in front that are gone
  bool compared = false;                 // false: there was no previous hop to compare with
  size_t changed_fields() const;
  size_t added_layers() const;
};

// The layers of `packet`, compared with `before` when there is one.
HeaderDiff diff_headers(const net::Packet* before, const net::Packet& packet);

}  // namespace podlab::web
