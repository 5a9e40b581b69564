// Timestamps as the ledger stores them: UTC, ISO 8601, to the millisecond,
// so they sort as text and read the same on every machine.
#pragma once

#include <string>

namespace anvil {

std::string now_utc();

}  // namespace anvil
