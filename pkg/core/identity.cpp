#include "core/identity.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace anvil {

std::string current_user() {
  uid_t uid = ::geteuid();
  passwd entry{};
  passwd* found = nullptr;
  char buf[4096];
  if (::getpwuid_r(uid, &entry, buf, sizeof buf, &found) == 0 && found) return found->pw_name;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "uid " + std::to_string(uid);
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

}  // namespace anvil
