// The exit-code table, documented in man/anvil.1 ("EXIT STATUS").
#pragma once

#include "core/error.hpp"

namespace anvil {

enum ExitCode : int {
  exit_ok = 0,
  exit_failed = 1,
  exit_usage = 2,
  exit_partial = 3,
  exit_unreachable = 10,
  exit_locked = 11,
};

// Check commands follow the monitoring-plugin convention instead.
enum CheckCode : int { check_ok = 0, check_warning = 1, check_critical = 2, check_unknown = 3 };

constexpr int exit_code_for(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::failed: return exit_failed;
    case ErrorKind::usage: return exit_usage;
    case ErrorKind::partial: return exit_partial;
    case ErrorKind::unreachable: return exit_unreachable;
    case ErrorKind::locked: return exit_locked;
  }
  return exit_failed;
}

}  // namespace anvil
