// The one random generator of a run: PCG32 (O'Neill, pcg-random.org), seeded by the run's seed.
// Our own code for every derived value (no std::*_distribution, whose results differ between
// standard libraries), so the same seed gives the same run natively and in the browser.
#pragma once

#include <cstdint>

namespace podlab {

class Rng {
 public:
  // `sequence` picks one of 2^63 independent streams; the default is fixed for all runs.
  static constexpr uint64_t default_sequence = 0x14057b7ef767814full;

  explicit Rng(uint64_t seed = 0, uint64_t sequence = default_sequence) { reseed(seed, sequence); }

  void reseed(uint64_t seed, uint64_t sequence = default_sequence);
  uint32_t next_u32();
  uint64_t next_u64();
  // Uniform in [0, bound), without modulo bias (Lemire's method). bound must be > 0.
  uint32_t below(uint32_t bound);
  // Uniform in [0, 1) with 53 bits: used where Kubernetes itself draws a probability.
  double unit();

  uint64_t state() const { return state_; }

 private:
  uint64_t state_ = 0;
  uint64_t increment_ = 0;
};

}  // namespace podlab
