#include <doctest/doctest.h>

#include <array>

#include "core/base/rng.h"

using namespace podlab;

TEST_CASE("the generator is PCG32: reference output of pcg32-demo (seed 42, sequence 54)") {
  Rng rng(42, 54);
  const std::array<uint32_t, 6> expected{0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                         0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  for (uint32_t value : expected) CHECK(rng.next_u32() == value);
}

TEST_CASE("the same seed gives the same sequence, another seed another") {
  Rng a(12345), b(12345), c(12346);
  std::array<uint32_t, 8> from_a{}, from_b{}, from_c{};
  for (auto& v : from_a) v = a.next_u32();
  for (auto& v : from_b) v = b.next_u32();
  for (auto& v : from_c) v = c.next_u32();
  CHECK(from_a == from_b);
  CHECK(from_a != from_c);
}

TEST_CASE("below() stays in range and covers it evenly") {
  Rng rng(7);
  std::array<int, 6> counts{};
  for (int i = 0; i < 60000; ++i) {
    const uint32_t value = rng.below(6);
    REQUIRE(value < 6);
    ++counts[value];
  }
  for (int count : counts) CHECK(count == doctest::Approx(10000).epsilon(0.05));
}

TEST_CASE("unit() is in [0, 1)") {
  Rng rng(99);
  double sum = 0;
  for (int i = 0; i < 10000; ++i) {
    const double value = rng.unit();
    REQUIRE(value >= 0.0);
    REQUIRE(value < 1.0);
    sum += value;
  }
  CHECK(sum / 10000 == doctest::Approx(0.5).epsilon(0.02));
}
