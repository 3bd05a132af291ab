// ConfigMaps as the API server keeps them: created, replaced whole on apply, deleted. What reads
// them (CoreDNS its Corefile) is elsewhere; apply_objects() tells CoreDNS when kube-system/coredns
// changes.
#pragma once

#include <string>

#include "core/k8s/objects.h"
#include "core/sim/world.h"

namespace podlab::k8s {

// Creates or replaces a ConfigMap; returns "created", "configured" or "unchanged".
std::string apply_config_map(World& world, const ConfigMap& config_map);
bool delete_config_map(World& world, const std::string& namespace_name, const std::string& name);
const ConfigMapRecord* find_config_map(const World& world, const std::string& namespace_name, const std::string& name);

}  // namespace podlab::k8s
