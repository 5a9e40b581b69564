// IPv4 addresses and CIDR networks as values: parsed strictly, printed canonically.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace anvil::plan {

struct Ipv4 {
  std::uint32_t value = 0;

  // Dotted quad only: no leading zeros (ambiguous octal), no shorthand forms.
  static std::optional<Ipv4> parse(std::string_view text);
  std::string str() const;
  auto operator<=>(const Ipv4&) const = default;
};

struct Cidr {
  Ipv4 base;
  int prefix = 0;

  // "10.20.0.0/16"; the address must be the network's own base address,
  // so a typo such as 10.20.0.1/16 is refused rather than silently masked.
  static std::optional<Cidr> parse(std::string_view text);
  std::string str() const;
  std::uint32_t mask() const;
  Ipv4 last() const;  // broadcast address
  bool contains(Ipv4 ip) const;
  bool overlaps(const Cidr& other) const;
  // The usable host range excludes the network and broadcast addresses
  // (except for /31 and /32, which have no such addresses).
  bool is_host(Ipv4 ip) const;
  // base + offset, or nothing when the result leaves the network.
  std::optional<Ipv4> at(std::uint32_t offset) const;
  auto operator<=>(const Cidr&) const = default;
};

}  // namespace anvil::plan
