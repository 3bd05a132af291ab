// SHA-256 (FIPS 180-4) and RFC 4648 base32, our own small versions: kube-proxy names its chains
// KUBE-SVC-/KUBE-SEP-/... + base32(sha256(...))[:16], and the lab must print the very names a
// learner sees on a real node. Pure functions, no state.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace podlab {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view data);
// Lower-case hex of the digest, as `sha256sum` prints it.
std::string sha256_hex(std::string_view data);

// Base32 with the standard alphabet A-Z2-7 and '=' padding: Go's base32.StdEncoding.
std::string base32_encode(const uint8_t* data, size_t length);

}  // namespace podlab
