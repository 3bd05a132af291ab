// Simulated time: integer nanoseconds since the start of a run. Never floating point and never the
// wall clock, so a run is the same on every platform.
#pragma once

#include <cstdint>

namespace podlab {

struct SimTime {
  int64_t ns = 0;

  static constexpr SimTime from_ns(int64_t value) { return SimTime{value}; }
  static constexpr SimTime from_us(int64_t value) { return SimTime{value * 1000}; }
  static constexpr SimTime from_ms(int64_t value) { return SimTime{value * 1000 * 1000}; }
  static constexpr SimTime from_seconds(int64_t value) { return SimTime{value * 1000 * 1000 * 1000}; }

  constexpr SimTime operator+(SimTime other) const { return SimTime{ns + other.ns}; }
  constexpr SimTime operator-(SimTime other) const { return SimTime{ns - other.ns}; }
  constexpr SimTime& operator+=(SimTime other) {
    ns += other.ns;
    return *this;
  }
  friend constexpr auto operator<=>(const SimTime&, const SimTime&) = default;
};

}  // namespace podlab
