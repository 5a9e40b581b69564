// Who runs anvil, and where: recorded with every run in the ledger.
#pragma once

#include <string>

namespace anvil {

// The login name of the effective user; falls back to $USER or "uid N"
// where no user database is readable (a static binary in a bare chroot).
// Under sudo: "root (sudo from alice)".
std::string current_user();
std::string host_name();

}  // namespace anvil
