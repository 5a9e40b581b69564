// The one error type of pkg/: every failure a user can see carries its kind,
// and the kind alone decides the exit status (see exit_code.hpp).
#pragma once

#include <stdexcept>
#include <string>

namespace anvil {

enum class ErrorKind {
  failed,      // the operation was valid but could not be done (conflict, not found)
  usage,       // the input itself is malformed: bad CIDR, bad name, unknown key
  partial,     // some nodes succeeded, some failed
  unreachable, // a node could not be reached
  locked,      // another anvil holds the ledger or a node
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

// Shorthands that read like the sentence they produce.
inline Error usage_error(const std::string& m) { return Error(ErrorKind::usage, m); }
inline Error failure(const std::string& m) { return Error(ErrorKind::failed, m); }

}  // namespace anvil
