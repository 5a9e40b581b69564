// Checking a cluster.conf against the RHCS 3 schema, with the real xmllint
// (libxml2-utils), as `ccs_config_validate` does on an EL6 node.
#pragma once

#include <optional>
#include <string>

namespace anvil::cluster {

// The schema: `explicit_path` if given, else $ANVIL_CLUSTER_SCHEMA, else the
// installed copy, else the source tree's (third_party/rhcs/cluster.rng).
// Throws when none is readable.
std::string schema_path(const std::string& explicit_path);

struct Validation {
  bool valid = false;
  std::string errors;  // xmllint's messages, one per line ("FILE:LINE: ...")
};

// Throws when xmllint is missing (with how to install it).
Validation validate_cluster_conf(const std::string& file, const std::string& schema);

}  // namespace anvil::cluster
