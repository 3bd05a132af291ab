#include "core/lab/http_server.h"

#include "core/k8s/dns_server.h"

namespace podlab::lab {

namespace {

const char* nginx_welcome =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\n"
    "body { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n"
    "<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\n"
    "working. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n"
    "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n"
    "<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

const char* nginx_not_found =
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
    "<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n";

std::string response(const std::string& version, int status, const std::string& reason,
                     const std::vector<std::string>& headers, const std::string& body, bool head) {
  std::string text = version + " " + std::to_string(status) + " " + reason + "\r\n";
  for (const std::string& header : headers) text += header + "\r\n";
  text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  return head ? text : text + body;
}

}  // namespace

std::optional<std::string> http_response(const World& world, NetnsId netns, uint16_t port, const std::string& request) {
  // "GET /path HTTP/1.1"
  const size_t first_space = request.find(' ');
  const size_t second_space = request.find(' ', first_space + 1);
  if (first_space == std::string::npos || second_space == std::string::npos) return std::nullopt;
  const std::string method = request.substr(0, first_space);
  const std::string path = request.substr(first_space + 1, second_space - first_space - 1);
  const bool head = method == "HEAD";
  for (const ListeningSocket& socket : world.namespaces_net.at(netns).listeners) {
    if (socket.port != port || socket.protocol != 6) continue;
    const std::string& owner = socket.owner;
    if (owner.find("nginx") != std::string::npos) {
      const std::vector<std::string> headers = {"Server: nginx/1.27.3", "Content-Type: text/html", "Connection: keep-alive"};
      if (path == "/" || path == "/index.html") return response("HTTP/1.1", 200, "OK", headers, nginx_welcome, head);
      return response("HTTP/1.1", 404, "Not Found", headers, nginx_not_found, head);
    }
    if (owner.find("httpd") != std::string::npos)
      return response("HTTP/1.1", 200, "OK", {"Server: Apache/2.4.62 (Unix)", "Content-Type: text/html"},
                      "<html><body><h1>It works!</h1></body></html>\n", head);
    if (owner.find("agnhost") != std::string::npos || owner.find("echo") != std::string::npos) {
      // agnhost netexec answers with its hostname: what Services tests use to see the spread.
      const Netns& space = world.namespaces_net.at(netns);
      const PodRecord* pod = world.pods.get(space.pod);
      const std::string name = pod ? pod->pod.metadata.name : space.name;
      return response("HTTP/1.1", 200, "OK", {"Content-Type: text/plain; charset=utf-8"}, name + "\n", head);
    }
    // The control plane's TLS ports refuse a plain-HTTP request as Go's net/http does.
    if (owner == "kube-apiserver" || owner == "kubelet" || owner.starts_with("kube-controller") ||
        owner == "kube-scheduler" || owner == "etcd")
      return response("HTTP/1.0", 400, "Bad Request", {}, "Client sent an HTTP request to an HTTPS server.\n", head);
    if (owner == "kube-proxy")
      return response("HTTP/1.1", 200, "OK", {"Content-Type: application/json", "X-Content-Type-Options: nosniff"},
                      "{\"lastUpdated\": \"\",\"currentTime\": \"\",\"nodeEligible\": true}", head);
    return std::nullopt;
  }
  return std::nullopt;
}

Servers lab_servers() {
  return Servers{k8s::coredns_udp_server(), [](const World& world, NetnsId netns, const net::Packet& request) {
                   const auto* tcp = request.find<net::TcpHeader>();
                   const std::string text(request.payload.begin(), request.payload.end());
                   auto bytes = http_response(world, netns, tcp->destination_port, text);
                   return bytes ? std::optional<std::vector<uint8_t>>(std::vector<uint8_t>(bytes->begin(), bytes->end()))
                                : std::nullopt;
                 }};
}

}  // namespace podlab::lab
