#include "core/base/rng.h"

namespace podlab {

namespace {
constexpr uint64_t multiplier = 6364136223846793005ull;
}  // namespace

void Rng::reseed(uint64_t seed, uint64_t sequence) {
  state_ = 0;
  increment_ = (sequence << 1u) | 1u;
  next_u32();
  state_ += seed;
  next_u32();
}

uint32_t Rng::next_u32() {
  const uint64_t old = state_;
  state_ = old * multiplier + increment_;
  const auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
  const auto rotation = static_cast<uint32_t>(old >> 59u);
  return (xorshifted >> rotation) | (xorshifted << ((32u - rotation) & 31u));
}

uint64_t Rng::next_u64() {
  const uint64_t high = next_u32();
  return (high << 32) | next_u32();
}

uint32_t Rng::below(uint32_t bound) {
  uint64_t product = static_cast<uint64_t>(next_u32()) * bound;
  auto low = static_cast<uint32_t>(product);
  if (low < bound) {
    const uint32_t threshold = static_cast<uint32_t>(-bound) % bound;
    while (low < threshold) {
      product = static_cast<uint64_t>(next_u32()) * bound;
      low = static_cast<uint32_t>(product);
    }
  }
  return static_cast<uint32_t>(product >> 32);
}

double Rng::unit() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

}  // namespace podlab
