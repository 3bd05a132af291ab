// The name rules of the Kubernetes API (k8s.io/apimachinery/pkg/util/validation), with the same
// explanations the API server gives, so a learner meets the real wording here first.
// Each check returns nothing when the text is valid, else the reason it is not.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace podlab::k8s {

// RFC 1123 label: namespaces, container names, hostnames. At most 63 characters.
std::optional<std::string> check_dns1123_label(std::string_view text);
// RFC 1123 subdomain: pod, deployment and node names. At most 253 characters.
std::optional<std::string> check_dns1123_subdomain(std::string_view text);
// A label or annotation key: an optional DNS subdomain prefix and a name ("app.kubernetes.io/name").
std::optional<std::string> check_qualified_name(std::string_view text);
// A label value: empty, or at most 63 alphanumerics with '-', '_' or '.' inside.
std::optional<std::string> check_label_value(std::string_view text);
// A port name (IANA_SVC_NAME): what a Service's targetPort may refer to.
std::optional<std::string> check_port_name(std::string_view text);

// kubectl's label list, "app=web,tier=front" (--labels, --selector): fills `labels` and returns nothing
// when every pair is a valid key=value, else the reason for the first one that is not.
std::optional<std::string> parse_label_list(std::string_view text, std::map<std::string, std::string>& labels);

}  // namespace podlab::k8s
