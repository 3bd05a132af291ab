// The lab's event log: what happened, in order, for the UI's event list and for tests. The UI reads
// it by index after a step; the simulation only appends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/sim_time.h"

namespace podlab {

struct LogEntry {
  SimTime time;
  std::string kind;     // stable: "pod.scheduled", "cni.add", "container.restarted", "route.deleted"
  std::string object;   // "pod/default/web-1", "node/node-2"
  std::string message;  // for the learner
};

struct EventLog {
  std::vector<LogEntry> entries;

  void add(SimTime time, std::string kind, std::string object, std::string message) {
    entries.push_back(LogEntry{time, std::move(kind), std::move(object), std::move(message)});
  }
};

}  // namespace podlab
