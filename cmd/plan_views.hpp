// The plan as the tables and documents `ip-plan` prints; built once here so
// that show, init and the dry runs all print the same shapes.
#pragma once

#include <vector>

#include "ipplan/ipplan.hpp"
#include "output.hpp"
#include "plan/model.hpp"
#include "plan/plan_diff.hpp"


namespace anvil::cli {

class Context;

Table network_table(const plan::Cluster& c);
Table address_table(const plan::Cluster& c);
void print_plan(Context& ctx, const plan::Cluster& c);

// The result of an edit: the changed keys as text, or as JSON with --json.
void print_outcome(Context& ctx, const ipplan::Outcome& outcome);

// One edit of the chosen cluster's plan, recorded as `command`, printed.
int run_plan_edit(Context& ctx, const std::string& command, const ipplan::Edit& edit);
json changes_json(const std::vector<plan::KeyChange>& changes);

}  // namespace anvil::cli
