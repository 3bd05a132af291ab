// curl in a pod or on a node: resolves the host (hosts file, then DNS), then holds a whole HTTP/1.1
// exchange over TCP as packets (handshake, request, response, the FIN exchange), so conntrack on
// the way sees the connection open and close, and prints what curl 7.88 prints.
#include <cstdio>

#include "core/lab/dns_client.h"
#include "core/lab/probes.h"

namespace podlab::lab {

namespace {

struct CurlOptions {
  std::string url;
  bool include_headers = false;  // -i
  bool head = false;             // -I
  bool verbose = false;          // -v
  bool fail_on_error = false;    // -f: an HTTP status of 400 or more is an error, the body is not shown
  bool discard_body = false;     // -o FILE: the body goes to the file, not the terminal
  std::string write_out;         // -w
  int max_seconds = 0;           // -m; 0: no limit, the connect timeout applies
  int connect_seconds = 0;       // --connect-timeout
};

// curl's -w variables the lab knows; "\n" in the format is a newline, as curl writes it.
std::string write_out(const std::string& format, int status, const std::string& remote_ip, uint16_t remote_port) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format.compare(i, 2, "\\n") == 0) {
      out += '\n';
      ++i;
    } else if (format.compare(i, 2, "%{") == 0 && format.find('}', i) != std::string::npos) {
      const size_t end = format.find('}', i);
      const std::string name = format.substr(i + 2, end - i - 2);
      if (name == "http_code" || name == "response_code") {
        char code[8];
        std::snprintf(code, sizeof code, "%03d", status);
        out += code;
      } else if (name == "remote_ip") {
        out += remote_ip;
      } else if (name == "remote_port") {
        out += std::to_string(remote_port);
      }
      i = end;
    } else {
      out += format[i];
    }
  }
  return out;
}

}  // namespace

bool run_curl(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& args) {
  // Single-letter flags may be combined: -sSL, -fsI.
  std::vector<std::string> words = {args.front()};
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& word = args[i];
    const bool combined = word.size() > 2 && word[0] == '-' && word[1] != '-' &&
                          word.find_first_not_of("sSLkviIf", 1) == std::string::npos;
    if (!combined) {
      words.push_back(word);
      continue;
    }
    for (size_t c = 1; c < word.size(); ++c) words.push_back(std::string("-") + word[c]);
  }
  CurlOptions options;
  const auto unknown = [&](const std::string& option) {
    return context.fail("curl: option " + option + ": is unknown\ncurl: try 'curl --help' for more information");
  };
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& word = words[i];
    const bool has_value = i + 1 < words.size();
    // -s hides curl's progress meter, which the lab never prints anyway; -L and -k change nothing here.
    if (word == "-s" || word == "--silent" || word == "-sS" || word == "-S" || word == "-L" || word == "-k") continue;
    if (word == "-v" || word == "--verbose") options.verbose = true;
    else if (word == "-f" || word == "--fail") options.fail_on_error = true;
    else if (word == "-i" || word == "--include") options.include_headers = true;
    else if (word == "-I" || word == "--head") options.head = true;
    else if ((word == "-o" || word == "--output") && has_value) options.discard_body = true, ++i;
    else if ((word == "-w" || word == "--write-out") && has_value) options.write_out = words[++i];
    else if ((word == "-m" || word == "--max-time") && has_value) options.max_seconds = std::atoi(words[++i].c_str());
    else if (word == "--connect-timeout" && has_value) options.connect_seconds = std::atoi(words[++i].c_str());
    else if (!word.empty() && word[0] == '-') return unknown(word);
    else options.url = word;
  }
  if (options.url.empty()) return context.fail("curl: no URL specified!\ncurl: try 'curl --help' for more information");
  std::string rest = options.url;
  if (rest.starts_with("http://")) rest = rest.substr(7);
  else if (rest.find("://") != std::string::npos)
    return context.fail("curl: (1) Protocol \"" + rest.substr(0, rest.find("://")) + "\" not supported or disabled in libcurl");
  const size_t slash = rest.find('/');
  const std::string host_port = rest.substr(0, slash);
  const std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string host = host_port;
  uint16_t port = 80;
  if (const size_t colon = host_port.find(':'); colon != std::string::npos) {
    host = host_port.substr(0, colon);
    const int value = std::atoi(host_port.substr(colon + 1).c_str());
    if (value < 1 || value > 65535) return context.fail("curl: (3) URL using bad/illegal format or missing URL");
    port = static_cast<uint16_t>(value);
  }
  std::string verbose;
  const AddressLookup lookup = resolve_address(context, netns, pod, host);
  if (!lookup.address) return context.fail("curl: (6) Could not resolve host: " + host);
  const Ipv4Address destination = *lookup.address;
  const std::string address_text = destination.to_string();
  if (options.verbose) verbose += "*   Trying " + address_text + ":" + std::to_string(port) + "...\n";

  // The handshake. Linux gives up on an unanswered SYN after about 2 minutes; curl's default
  // connect timeout is 300 s, so the kernel's limit shows unless -m or --connect-timeout is shorter.
  int connect_limit = 130;
  if (options.connect_seconds > 0) connect_limit = std::min(connect_limit, options.connect_seconds);
  if (options.max_seconds > 0) connect_limit = std::min(connect_limit, options.max_seconds);
  const uint16_t source_port = ephemeral_port(context.world);
  const uint32_t isn = context.world.rng.next_u32();
  net::Packet syn = ip_packet(destination, net::IpProtocol::Tcp);
  syn.headers.push_back(net::TcpHeader{source_port, port, isn, 0, net::tcp_flags::syn});
  const SimTime start = context.world.now;
  const auto connect = send_probes(context, netns, {Probe{start, std::move(syn)}}, start + SimTime::from_seconds(connect_limit));
  const auto failed = [&](int code, const std::string& why) {
    const int64_t elapsed_ms = (context.world.now - start).ns / 1000000;
    return context.fail(verbose + "curl: (" + std::to_string(code) + ") Failed to connect to " + host + " port " +
                        std::to_string(port) + " after " + std::to_string(elapsed_ms) + " ms: " + why);
  };
  if (!came_back(context, connect.front(), netns)) {
    const Trace& request = context.result.traces[connect.front().request];
    if (!request.hops.empty() && request.hops.back().netns == netns &&
        request.reason.find("Network is unreachable") != std::string::npos)
      return failed(7, "Couldn't connect to server");
    return failed(28, "Timeout was reached");
  }
  const Trace& answer = context.result.traces[*connect.front().answer];
  // A RST, or an ICMP error (iptables' REJECT, a host unreachable): the connection failed.
  const auto* icmp = answer.received->find<net::IcmpHeader>();
  const auto* synack = answer.received->find<net::TcpHeader>();
  if (icmp || !synack || (synack->flags & net::tcp_flags::rst)) return failed(7, "Couldn't connect to server");
  if (options.verbose) verbose += "* Connected to " + host + " (" + address_text + ") port " + std::to_string(port) + " (#0)\n";

  // ACK, then the request; the server's response comes back.
  const uint32_t server_next = synack->sequence + 1;
  const std::string request_text = std::string(options.head ? "HEAD " : "GET ") + path + " HTTP/1.1\r\nHost: " + host_port +
                                   "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
  net::Packet ack = ip_packet(destination, net::IpProtocol::Tcp);
  ack.headers.push_back(net::TcpHeader{source_port, port, isn + 1, server_next, net::tcp_flags::ack});
  net::Packet request = ip_packet(destination, net::IpProtocol::Tcp);
  request.headers.push_back(net::TcpHeader{source_port, port, isn + 1, server_next, net::tcp_flags::psh | net::tcp_flags::ack});
  request.payload.assign(request_text.begin(), request_text.end());
  const SimTime sent = context.world.now;
  const SimTime response_limit = sent + SimTime::from_seconds(options.max_seconds > 0 ? options.max_seconds : 300);
  const auto exchanged = send_probes(context, netns, {Probe{sent, std::move(ack), false}, Probe{sent, std::move(request)}},
                                     response_limit, MainTrace::Keep);
  const ProbeOutcome& response_outcome = exchanged[1];
  std::string response;
  if (response_outcome.answer && came_back(context, response_outcome, netns)) {
    const auto& payload = context.result.traces[*response_outcome.answer].received->payload;
    response.assign(payload.begin(), payload.end());
  }
  if (options.verbose)
    for (size_t start_line = 0; start_line < request_text.size() - 2;) {
      const size_t end = request_text.find("\r\n", start_line);
      verbose += "> " + request_text.substr(start_line, end - start_line) + "\n";
      start_line = end + 2;
    }

  // curl closes: FIN, the server's FIN, the last ACK (the connection ends in TIME_WAIT).
  const uint32_t response_length = static_cast<uint32_t>(response.size());
  net::Packet fin = ip_packet(destination, net::IpProtocol::Tcp);
  fin.headers.push_back(net::TcpHeader{source_port, port, isn + 1 + static_cast<uint32_t>(request_text.size()),
                                       server_next + response_length, net::tcp_flags::fin | net::tcp_flags::ack});
  const auto closed = send_probes(context, netns, {Probe{context.world.now, std::move(fin)}},
                                  context.world.now + SimTime::from_seconds(1), MainTrace::Keep);
  if (closed.front().answer && came_back(context, closed.front(), netns)) {
    net::Packet last = ip_packet(destination, net::IpProtocol::Tcp);
    last.headers.push_back(net::TcpHeader{source_port, port, isn + 2 + static_cast<uint32_t>(request_text.size()),
                                          server_next + response_length + 1, net::tcp_flags::ack});
    send_probes(context, netns, {Probe{context.world.now, std::move(last), false}}, context.world.now + SimTime::from_seconds(1),
                MainTrace::Keep);
  }

  if (response.empty()) {
    if (!response_outcome.answer && options.max_seconds > 0) {
      const int64_t elapsed_ms = (context.world.now - start).ns / 1000000;
      return context.fail(verbose + "curl: (28) Operation timed out after " + std::to_string(elapsed_ms) +
                          " milliseconds with 0 bytes received");
    }
    return context.fail(verbose + "curl: (52) Empty reply from server");
  }
  const size_t header_end = response.find("\r\n\r\n");
  const std::string headers = response.substr(0, header_end + 2);
  const std::string body = header_end == std::string::npos ? "" : response.substr(header_end + 4);
  const int status = std::atoi(response.substr(response.find(' ') + 1, 3).c_str());
  if (options.fail_on_error && status >= 400)
    return context.fail(verbose + "curl: (22) The requested URL returned error: " + std::to_string(status));
  std::string out = verbose;
  if (options.verbose)
    for (size_t line = 0; line < headers.size();) {
      const size_t end = headers.find("\r\n", line);
      out += "< " + headers.substr(line, end - line) + "\n";
      line = end + 2;
    }
  std::string printed_headers;
  for (size_t line = 0; line < headers.size();) {
    const size_t end = headers.find("\r\n", line);
    printed_headers += headers.substr(line, end - line) + "\n";
    line = end + 2;
  }
  if (options.head || options.include_headers) out += printed_headers + "\n";
  if (!options.head && !options.discard_body) out += body;
  if (!options.write_out.empty()) out += write_out(options.write_out, status, address_text, port);
  context.print(out);
  return true;
}

}  // namespace podlab::lab
