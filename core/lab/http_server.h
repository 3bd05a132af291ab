// The programs in the lab that answer traffic: CoreDNS on UDP 53, and the web servers the images
// run (nginx, httpd, agnhost netexec, the control plane's HTTPS ports), which answer an HTTP
// request with the response those programs send. Every Network the console builds uses these.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/net/forwarding.h"

namespace podlab::lab {

// The response bytes of the server listening on `port` in `netns` to `request` (an HTTP/1.1
// request), or nothing when no program there speaks HTTP.
std::optional<std::string> http_response(const World& world, NetnsId netns, uint16_t port, const std::string& request);

Servers lab_servers();

}  // namespace podlab::lab
