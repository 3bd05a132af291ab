// A run's fingerprint: a 64-bit FNV-1a hash of everything a learner could observe in the World
// (nodes, namespaces' devices, addresses, routes, neighbours and listeners, pods, the event log, the
// clock and the generator's state), written in a canonical order. The same scenario, seed and
// commands give the same fingerprint natively and in the browser.
#pragma once

#include <cstdint>
#include <string>

#include "core/sim/world.h"

namespace podlab {

uint64_t fingerprint(const World& world);
std::string fingerprint_hex(uint64_t value);  // 16 lowercase hex digits

}  // namespace podlab
