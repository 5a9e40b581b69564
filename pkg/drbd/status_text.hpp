// The pieces the DRBD state parsers share (status_proc.cpp for /proc/drbd,
// status_drbd9.cpp for DRBD 9's tools, status.cpp telling them apart): the
// state vocabularies, splitting lines, and one-line errors that name the
// line. Internal to pkg/drbd.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace anvil::drbd::detail {

using Words = std::vector<std::string_view>;

extern const Words conn8, roles, disks8, conn9, repl9, disks9, actions, objects;

bool one_of(std::string_view w, const Words& words);
// Lines without their "\r"; colour escapes (drbdadm status on a terminal) gone.
std::vector<std::string> lines_of(const std::string& text);
[[noreturn]] void bad(int line, const std::string& what);
const std::string& known(const std::string& value, const Words& words, const char* what, int line);
// Thousands grouping ("9,420") is dropped when `grouped`.
std::int64_t integer(const std::string& text, const std::string& what, int line, bool grouped = false);
double decimal(const std::string& text, const std::string& what, int line);
std::string clock(std::int64_t seconds);  // "0:03:20"
bool looks_like_timestamp(const std::string& t);

}  // namespace anvil::drbd::detail
