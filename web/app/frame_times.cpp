#include "web/app/frame_times.h"

#include <algorithm>

namespace podlab::web {

void FrameTimes::record(float total, float build) {
  total_ms[next] = total;
  build_ms[next] = build;
  next = (next + 1) % capacity;
  count = std::min(count + 1, capacity);
}

FrameTimeSummary summarize(const FrameTimes& times, FramePart part) {
  FrameTimeSummary summary;
  if (times.count == 0) return summary;
  std::array<float, FrameTimes::capacity> sorted = part == FramePart::Total ? times.total_ms : times.build_ms;
  // The samples held are the first `count` slots until the ring wraps, then all of them.
  const auto end = sorted.begin() + static_cast<long>(times.count);
  std::sort(sorted.begin(), end);
  float sum = 0;
  for (auto it = sorted.begin(); it != end; ++it) sum += *it;
  summary.frames = times.count;
  summary.mean = sum / static_cast<float>(times.count);
  summary.median = sorted[times.count / 2];
  summary.p95 = sorted[std::min(times.count - 1, times.count * 95 / 100)];
  summary.max = sorted[times.count - 1];
  return summary;
}

}  // namespace podlab::web
