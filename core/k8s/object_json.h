// API objects as the API server returns them (`kubectl get -o json`), for the spec side Podlab
// models: field names of the API, empty fields left out as the API's omitempty does, and the
// defaults the API server fills in (protocol: TCP, dnsPolicy, restartPolicy) written out.
// Feed the result to to_yaml() for `-o yaml`. Status is the World's business, not this file's.
#pragma once

#include <nlohmann/json.hpp>

#include "core/k8s/objects.h"

namespace podlab::k8s {

nlohmann::json to_json(const ObjectMeta& metadata);
nlohmann::json to_json(const LabelSelector& selector);
nlohmann::json to_json(const PodSpec& spec);
nlohmann::json to_json(const Namespace& object);
nlohmann::json to_json(const Pod& object);
nlohmann::json to_json(const ReplicaSet& object);
nlohmann::json to_json(const Deployment& object);
nlohmann::json to_json(const Service& object);
nlohmann::json to_json(const ConfigMap& object);
nlohmann::json to_json(const ClusterSpec& cluster);
nlohmann::json to_json(const Object& object);

}  // namespace podlab::k8s
