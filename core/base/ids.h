// Typed ids for objects in the model. An id is an index into the owning table plus a generation
// counter, so a stale id (to an object since deleted and its slot reused) is detectable. Ids of
// different kinds are distinct types: a PodId cannot be passed where a NodeId is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace podlab {

template <typename Tag>
struct Id {
  static constexpr uint32_t invalid_index = 0xffffffffu;

  uint32_t index = invalid_index;
  uint32_t generation = 0;

  constexpr bool valid() const { return index != invalid_index; }
  constexpr explicit operator bool() const { return valid(); }
  friend constexpr auto operator<=>(const Id&, const Id&) = default;
};

}  // namespace podlab

template <typename Tag>
struct std::hash<podlab::Id<Tag>> {
  size_t operator()(const podlab::Id<Tag>& id) const noexcept {
    return (static_cast<size_t>(id.generation) << 32) ^ id.index;
  }
};
