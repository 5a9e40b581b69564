// SHA-256 of content, as lower-case hex: the before/after hashes of changes.
#pragma once

#include <string>
#include <string_view>

namespace anvil {

std::string sha256_hex(std::string_view data);

}  // namespace anvil
