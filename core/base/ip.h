// IPv4 addresses, CIDR blocks and MAC addresses as small value types, with strict parsing of the
// text forms a learner types ("10.244.1.5", "10.244.0.0/16", "0a:58:0a:f4:01:05").
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace podlab {

struct Ipv4Address {
  uint32_t value = 0;  // host byte order: 10.0.0.1 is 0x0a000001

  static constexpr Ipv4Address from_octets(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return Ipv4Address{(uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | uint32_t{d}};
  }
  static std::optional<Ipv4Address> parse(std::string_view text);

  std::string to_string() const;
  constexpr uint8_t octet(int index) const { return static_cast<uint8_t>(value >> (24 - 8 * index)); }
  constexpr bool is_unspecified() const { return value == 0; }
  constexpr bool is_loopback() const { return (value >> 24) == 127; }
  friend constexpr auto operator<=>(const Ipv4Address&, const Ipv4Address&) = default;
};

struct Ipv4Cidr {
  Ipv4Address address;  // as written; network() masks the host bits
  int prefix_length = 32;

  static std::optional<Ipv4Cidr> parse(std::string_view text);
  static constexpr Ipv4Cidr host_route(Ipv4Address address) { return Ipv4Cidr{address, 32}; }
  // 0.0.0.0/0: the destination of a default route.
  static constexpr Ipv4Cidr any() { return Ipv4Cidr{Ipv4Address{}, 0}; }

  constexpr uint32_t mask() const {
    return prefix_length == 0 ? 0u : ~uint32_t{0} << (32 - prefix_length);
  }
  constexpr Ipv4Address network() const { return Ipv4Address{address.value & mask()}; }
  constexpr Ipv4Address broadcast() const { return Ipv4Address{network().value | ~mask()}; }
  constexpr uint64_t size() const { return uint64_t{1} << (32 - prefix_length); }
  constexpr bool contains(Ipv4Address other) const { return (other.value & mask()) == network().value; }
  constexpr bool contains(const Ipv4Cidr& other) const {
    return other.prefix_length >= prefix_length && contains(other.address);
  }
  // The address at offset n from the network address (n = 1 is the usual gateway).
  constexpr Ipv4Address at(uint32_t offset) const { return Ipv4Address{network().value + offset}; }
  // The index-th subnet of the given prefix length inside this block (e.g. node podCIDRs).
  std::optional<Ipv4Cidr> subnet(uint32_t index, int new_prefix_length) const;
  constexpr Ipv4Cidr canonical() const { return Ipv4Cidr{network(), prefix_length}; }
  std::string to_string() const;
  friend constexpr auto operator<=>(const Ipv4Cidr&, const Ipv4Cidr&) = default;
};

struct MacAddress {
  std::array<uint8_t, 6> bytes{};

  static std::optional<MacAddress> parse(std::string_view text);
  static constexpr MacAddress broadcast() { return MacAddress{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
  std::string to_string() const;
  constexpr bool is_broadcast() const { return *this == broadcast(); }
  friend constexpr bool operator==(const MacAddress&, const MacAddress&) = default;
};

}  // namespace podlab
