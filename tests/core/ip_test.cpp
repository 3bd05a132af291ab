#include <doctest/doctest.h>

#include "core/base/ip.h"

using namespace podlab;

TEST_CASE("IPv4 addresses parse strictly and print back") {
  CHECK(Ipv4Address::parse("10.244.1.5")->to_string() == "10.244.1.5");
  CHECK(Ipv4Address::parse("0.0.0.0")->is_unspecified());
  CHECK(Ipv4Address::parse("127.0.0.1")->is_loopback());
  CHECK(Ipv4Address::parse("255.255.255.255")->value == 0xffffffffu);
  for (const char* bad : {"", "10.244.1", "10.244.1.256", "10.244.1.5.", "10.244.01.5", "a.b.c.d",
                          "10.244.1.5/24", " 10.0.0.1", "-1.0.0.0"}) {
    CAPTURE(bad);
    CHECK_FALSE(Ipv4Address::parse(bad).has_value());
  }
}

TEST_CASE("CIDR blocks: network, broadcast, containment and subnets") {
  const auto pods = *Ipv4Cidr::parse("10.244.0.0/16");
  CHECK(pods.contains(*Ipv4Address::parse("10.244.200.7")));
  CHECK_FALSE(pods.contains(*Ipv4Address::parse("10.245.0.1")));
  CHECK(pods.size() == 65536);
  CHECK(pods.broadcast().to_string() == "10.244.255.255");

  // Node podCIDRs as kube-controller-manager carves them: /24 blocks in order.
  CHECK(pods.subnet(0, 24)->to_string() == "10.244.0.0/24");
  CHECK(pods.subnet(2, 24)->to_string() == "10.244.2.0/24");
  CHECK(pods.subnet(255, 24)->to_string() == "10.244.255.0/24");
  CHECK_FALSE(pods.subnet(256, 24).has_value());
  CHECK(pods.contains(*pods.subnet(7, 24)));

  const auto services = *Ipv4Cidr::parse("10.96.0.0/12");
  CHECK(services.at(1).to_string() == "10.96.0.1");
  CHECK(services.at(10).to_string() == "10.96.0.10");
  CHECK(services.broadcast().to_string() == "10.111.255.255");

  const auto written = *Ipv4Cidr::parse("192.168.56.11/24");
  CHECK(written.to_string() == "192.168.56.11/24");
  CHECK(written.canonical().to_string() == "192.168.56.0/24");
  CHECK(Ipv4Cidr::parse("0.0.0.0/0")->contains(*Ipv4Address::parse("8.8.8.8")));
  for (const char* bad : {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08x", "/24"}) {
    CAPTURE(bad);
    CHECK_FALSE(Ipv4Cidr::parse(bad).has_value());
  }
}

TEST_CASE("MAC addresses") {
  const auto mac = MacAddress::parse("0A:58:0a:f4:01:05");
  REQUIRE(mac.has_value());
  CHECK(mac->to_string() == "0a:58:0a:f4:01:05");
  CHECK(MacAddress::broadcast().is_broadcast());
  CHECK_FALSE(MacAddress::parse("0a:58:0a:f4:01").has_value());
  CHECK_FALSE(MacAddress::parse("0a-58-0a-f4-01-05").has_value());
}
