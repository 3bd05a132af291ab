#include "core/base/ip.h"

#include <cstdio>

namespace podlab {

namespace {

// Parses a decimal number in [0, max] with no sign, no leading zeros (as inet_pton does) and
// at least one digit; advances `text` past it.
std::optional<uint32_t> take_decimal(std::string_view& text, uint32_t max) {
  size_t length = 0;
  uint32_t value = 0;
  while (length < text.size() && text[length] >= '0' && text[length] <= '9') {
    value = value * 10 + static_cast<uint32_t>(text[length] - '0');
    if (value > max) return std::nullopt;
    ++length;
  }
  if (length == 0 || (length > 1 && text[0] == '0')) return std::nullopt;
  text.remove_prefix(length);
  return value;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (text.empty() || text[0] != '.') return std::nullopt;
      text.remove_prefix(1);
    }
    const auto octet_value = take_decimal(text, 255);
    if (!octet_value) return std::nullopt;
    value = (value << 8) | *octet_value;
  }
  if (!text.empty()) return std::nullopt;
  return Ipv4Address{value};
}

std::string Ipv4Address::to_string() const {
  // Hand-rolled rather than snprintf: addresses are formatted for every trace hop and CNI result.
  char buffer[16];
  size_t length = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) buffer[length++] = '.';
    const unsigned value = octet(i);
    if (value >= 100) buffer[length++] = static_cast<char>('0' + value / 100);
    if (value >= 10) buffer[length++] = static_cast<char>('0' + value / 10 % 10);
    buffer[length++] = static_cast<char>('0' + value % 10);
  }
  return std::string(buffer, length);
}

std::optional<Ipv4Cidr> Ipv4Cidr::parse(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto address = Ipv4Address::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  std::string_view prefix_text = text.substr(slash + 1);
  const auto prefix = take_decimal(prefix_text, 32);
  if (!prefix || !prefix_text.empty()) return std::nullopt;
  return Ipv4Cidr{*address, static_cast<int>(*prefix)};
}

std::optional<Ipv4Cidr> Ipv4Cidr::subnet(uint32_t index, int new_prefix_length) const {
  if (new_prefix_length < prefix_length || new_prefix_length > 32) return std::nullopt;
  const uint64_t count = uint64_t{1} << (new_prefix_length - prefix_length);
  if (index >= count) return std::nullopt;
  const uint64_t step = uint64_t{1} << (32 - new_prefix_length);
  const auto base = static_cast<uint32_t>(network().value + index * step);
  return Ipv4Cidr{Ipv4Address{base}, new_prefix_length};
}

std::string Ipv4Cidr::to_string() const {
  return address.to_string() + "/" + std::to_string(prefix_length);
}

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  MacAddress mac;
  for (int i = 0; i < 6; ++i) {
    const int high = hex_digit(text[i * 3]);
    const int low = hex_digit(text[i * 3 + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    if (i < 5 && text[i * 3 + 2] != ':') return std::nullopt;
    mac.bytes[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return mac;
}

std::string MacAddress::to_string() const {
  char buffer[18];
  std::snprintf(buffer, sizeof buffer, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2],
                bytes[3], bytes[4], bytes[5]);
  return buffer;
}

}  // namespace podlab
