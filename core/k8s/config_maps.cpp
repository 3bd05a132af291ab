#include "core/k8s/config_maps.h"

#include <algorithm>

namespace podlab::k8s {

namespace {

ConfigMapRecord* find_mutable(World& world, const std::string& namespace_name, const std::string& name) {
  for (ConfigMapRecord& record : world.config_maps)
    if (record.config_map.metadata.namespace_name == namespace_name && record.config_map.metadata.name == name)
      return &record;
  return nullptr;
}

}  // namespace

const ConfigMapRecord* find_config_map(const World& world, const std::string& namespace_name, const std::string& name) {
  return find_mutable(const_cast<World&>(world), namespace_name, name);
}

std::string apply_config_map(World& world, const ConfigMap& config_map) {
  const ObjectMeta& metadata = config_map.metadata;
  if (ConfigMapRecord* existing = find_mutable(world, metadata.namespace_name, metadata.name)) {
    const bool same = existing->config_map.data == config_map.data &&
                      existing->config_map.metadata.labels == metadata.labels &&
                      existing->config_map.metadata.annotations == metadata.annotations;
    existing->config_map = config_map;
    return same ? "unchanged" : "configured";
  }
  ConfigMapRecord record;
  record.config_map = config_map;
  record.uid = random_uuid(world);
  record.created = world.next_creation++;
  record.created_at = world.now;
  world.config_maps.push_back(std::move(record));
  return "created";
}

bool delete_config_map(World& world, const std::string& namespace_name, const std::string& name) {
  const size_t before = world.config_maps.size();
  std::erase_if(world.config_maps, [&](const ConfigMapRecord& record) {
    return record.config_map.metadata.namespace_name == namespace_name && record.config_map.metadata.name == name;
  });
  return world.config_maps.size() != before;
}

}  // namespace podlab::k8s
