#include "core/k8s/container_image.h"

#include <string>

namespace podlab::k8s {

ImageTraits image_traits(std::string_view image) {
  // registry/path/name:tag@digest -> name and tag
  std::string_view reference = image.substr(0, image.find('@'));
  const size_t slash = reference.rfind('/');
  std::string_view last = slash == std::string_view::npos ? reference : reference.substr(slash + 1);
  const size_t colon = last.find(':');
  const std::string_view name = last.substr(0, colon);
  const std::string_view tag = colon == std::string_view::npos ? std::string_view{} : last.substr(colon + 1);
  const bool alpine = name == "alpine" || tag.find("alpine") != std::string_view::npos;
  const bool musl = alpine || tag.find("musl") != std::string_view::npos;
  ImageTraits traits;
  traits.libc = musl ? ResolverFlavour::Musl : ResolverFlavour::Glibc;
  traits.userland = (alpine || name == "busybox") ? Userland::Busybox : Userland::Gnu;
  return traits;
}

}  // namespace podlab::k8s
