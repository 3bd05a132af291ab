// What a container image brings that the lab's tools depend on, decided in this one place from the
// image reference alone:
//   C library (the stub resolver's rules, resolver.h):
//     musl   images based on Alpine: `alpine`, a tag naming alpine (`nginx:alpine`,
//            `python:3.12-alpine`), and musl builds (`busybox:musl`, `busybox:1.36-musl`)
//     glibc  everything else: Debian and Ubuntu images, `busybox` (its default tag is the glibc
//            build), `nginx`, registry.k8s.io test images, and the nodes themselves (Debian 12)
//   Userland (which ping, traceroute and nslookup answer, and how they word failures):
//     BusyBox  `busybox` images and Alpine-based ones (their ping, traceroute and nslookup are
//              BusyBox applets)
//     GNU      everything else: iputils ping, traceroute, bind9's nslookup, dig and host
#pragma once

#include <string_view>

#include "core/k8s/resolver.h"

namespace podlab::k8s {

enum class Userland { Gnu, Busybox };

struct ImageTraits {
  ResolverFlavour libc = ResolverFlavour::Glibc;
  Userland userland = Userland::Gnu;
};

ImageTraits image_traits(std::string_view image);
// A node's own tools: Debian 12.
inline constexpr ImageTraits node_traits{ResolverFlavour::Glibc, Userland::Gnu};

}  // namespace podlab::k8s
