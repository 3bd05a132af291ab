// What the API server accepts but warns about; kubectl prints each as "Warning: …" before the
// object's own line. Two kinds: the API server's own warnings (pkg/api/pod/warnings.go,
// pkg/api/service/warnings.go), and fields Podlab keeps but does not model, named by their path
// so nothing is silently ignored.
#pragma once

#include <vector>

#include "core/base/result.h"
#include "core/k8s/objects.h"

namespace podlab::k8s {

std::vector<Diagnostic> object_warnings(const Object& object);

}  // namespace podlab::k8s
