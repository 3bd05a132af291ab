// A table of objects addressed by typed ids. Removing an object bumps its slot's generation, so an
// id kept from before is detected as stale (get() returns null) instead of reaching a new object.
// Iteration is in slot order, which is deterministic for a given sequence of operations.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"

namespace podlab {

template <typename T, typename Tag>
class Table {
 public:
  using IdType = Id<Tag>;

  IdType add(T value) {
    uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      index = static_cast<uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    Slot& slot = slots_[index];
    slot.value = std::move(value);
    ++live_;
    return IdType{index, slot.generation};
  }

  T* get(IdType id) {
    if (!id.valid() || id.index >= slots_.size()) return nullptr;
    Slot& slot = slots_[id.index];
    if (slot.generation != id.generation || !slot.value) return nullptr;
    return &*slot.value;
  }
  const T* get(IdType id) const { return const_cast<Table*>(this)->get(id); }
  T& at(IdType id) {
    T* value = get(id);
    PODLAB_ASSERT(value != nullptr);
    return *value;
  }
  const T& at(IdType id) const { return const_cast<Table*>(this)->at(id); }

  bool remove(IdType id) {
    if (!get(id)) return false;
    Slot& slot = slots_[id.index];
    slot.value.reset();
    ++slot.generation;
    free_.push_back(id.index);
    --live_;
    return true;
  }

  size_t size() const { return live_; }

  // Calls f(id, value) for every live object, in slot order.
  template <typename F>
  void for_each(F&& f) {
    for (uint32_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].value) f(IdType{i, slots_[i].generation}, *slots_[i].value);
  }
  template <typename F>
  void for_each(F&& f) const {
    for (uint32_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].value) f(IdType{i, slots_[i].generation}, *slots_[i].value);
  }
  std::vector<IdType> ids() const {
    std::vector<IdType> result;
    result.reserve(live_);
    for_each([&](IdType id, const T&) { result.push_back(id); });
    return result;
  }

 private:
  struct Slot {
    std::optional<T> value;
    uint32_t generation = 0;
  };
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
  size_t live_ = 0;
};

}  // namespace podlab
