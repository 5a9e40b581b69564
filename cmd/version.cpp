#include "version.hpp"

#include <libssh/libssh.h>
#include <sqlite3.h>

#ifdef ANVIL_WITH_LIBVIRT
#include <libvirt/libvirt.h>
#endif

namespace anvil::cli {
namespace {

std::string libvirt_text() {
#ifdef ANVIL_WITH_LIBVIRT
  unsigned long v = 0;
  if (virGetVersion(&v, nullptr, nullptr) != 0) return "libvirt (version unknown)";
  return "libvirt " + std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) + "." +
         std::to_string(v % 1000);
#else
  return "libvirt through virsh on the nodes (static build)";
#endif
}

}  // namespace

std::string version_text() {
  return std::string("anvil ") + ANVIL_VERSION + "\nSQLite " + sqlite3_libversion() + ", libssh " +
         ssh_version(0) + ", " + libvirt_text();
}

}  // namespace anvil::cli
