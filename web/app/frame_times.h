// How long the lab's frames take on the CPU, kept for the last few seconds so a benchmark can read
// them: the whole frame function (panels, ImGui's render, the WebGL calls) and the part of it that
// builds the frame (updating the views and running the panels). A fixed ring: recording allocates
// nothing.
#pragma once

#include <array>
#include <cstddef>

namespace podlab::web {

struct FrameTimes {
  static constexpr size_t capacity = 600;
  std::array<float, capacity> total_ms{};
  std::array<float, capacity> build_ms{};
  size_t count = 0;  // samples held, up to capacity
  size_t next = 0;   // where the next one goes

  void record(float total, float build);
  void clear() { count = next = 0; }
};

struct FrameTimeSummary {
  size_t frames = 0;
  float mean = 0;
  float median = 0;
  float p95 = 0;
  float max = 0;
};

// Over the samples held; `build` picks the build part instead of the whole frame.
enum class FramePart { Total, Build };
FrameTimeSummary summarize(const FrameTimes& times, FramePart part);

}  // namespace podlab::web
