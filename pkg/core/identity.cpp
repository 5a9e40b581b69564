#include "core/identity.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace anvil {

namespace {

std::string effective_user() {
  uid_t uid = ::geteuid();
  passwd entry{};
  passwd* found = nullptr;
  char buf[4096];
  if (::getpwuid_r(uid, &entry, buf, sizeof buf, &found) == 0 && found) return found->pw_name;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "uid " + std::to_string(uid);
}

}  // namespace

std::string current_user() {
  // Under sudo the person matters more than the account: record both.
  auto user = effective_user();
  const char* sudo_user = std::getenv("SUDO_USER");
  if (::geteuid() == 0 && sudo_user && *sudo_user && user != sudo_user) return user + " (sudo from " + sudo_user + ")";
  return user;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

}  // namespace anvil
