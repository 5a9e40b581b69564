#include <catch2/catch.hpp>

#include "drbd/actions.hpp"
#include "plan/derive.hpp"
#include "plan/drbd_plan.hpp"

using namespace anvil;
using namespace anvil::drbd;

namespace {

plan::Cluster cluster() {
  auto c = plan::make_cluster(plan::InitOptions{});
  return plan::add_drbd_resource(c, "r0", {"an-node01=/dev/sda5", "an-node02=/dev/sda5"}, std::nullopt, std::nullopt);
}

NodeView view(const std::string& node, const std::string& cs, const std::string& role, const std::string& disk,
              const std::string& peer_disk, std::vector<std::string> vms = {}) {
  DeviceStatus d;
  d.minor = 0;
  d.connection = cs;
  d.role = role;
  d.peer_role = "Unknown";
  d.disk = disk;
  d.peer_disk = peer_disk;
  return {node, d, std::move(vms)};
}

NodeView down(const std::string& node) { return {node, std::nullopt, {}}; }

}  // namespace

TEST_CASE("guarded actions: what each refuses, with the reason", "[drbd][actions]") {
  auto c = cluster();
  auto& r = c.drbd.front();
  auto healthy1 = view("an-node01", "Connected", "Primary", "UpToDate", "UpToDate");
  auto healthy2 = view("an-node02", "Connected", "Primary", "UpToDate", "UpToDate");

  // primary: only an UpToDate disk.
  auto outdated = view("an-node02", "WFConnection", "Secondary", "Outdated", "DUnknown");
  CHECK(refusal(Action::primary, c, r, outdated, healthy1).value() ==
        "an-node02's disk of r0 is Outdated: as Primary it would serve data that is not up to date; let it sync (anvil drbd status) or resolve it first");
  CHECK_FALSE(refusal(Action::primary, c, r, view("an-node02", "Connected", "Secondary", "UpToDate", "UpToDate"), healthy1));
  CHECK(refusal(Action::primary, c, r, healthy2, healthy1).value() == "r0 is already Primary on an-node02");
  c.drbd_settings.dual_primary = false;
  CHECK(refusal(Action::primary, c, r, view("an-node02", "Connected", "Secondary", "UpToDate", "UpToDate"), healthy1).value() ==
        "the plan is single-primary (drbd.dual-primary no) and an-node01 is Primary already");
  c.drbd_settings.dual_primary = true;

  // secondary and down: not under running VMs.
  auto busy = view("an-node01", "Connected", "Primary", "UpToDate", "UpToDate", {"vm1", "vm2"});
  CHECK(refusal(Action::secondary, c, r, busy, healthy2).value() ==
        "an-node01 runs VMs (vm1, vm2) on the cluster's storage; demoting r0 would pull it from under them: migrate or stop them first");
  CHECK_FALSE(refusal(Action::secondary, c, r, healthy1, healthy2));
  CHECK(refusal(Action::down, c, r, busy, healthy2).value().rfind("an-node01 runs VMs (vm1, vm2)", 0) == 0);

  // down: not the last UpToDate copy.
  auto lonely = view("an-node01", "WFConnection", "Secondary", "UpToDate", "DUnknown");
  CHECK(refusal(Action::down, c, r, lonely, down("an-node02")).value() ==
        "an-node01 holds the only UpToDate copy of r0 (an-node02's disk is not up): taking it down leaves no UpToDate data online");
  CHECK(refusal(Action::down, c, r, lonely, view("an-node02", "SyncTarget", "Secondary", "Inconsistent", "UpToDate")).value().find(
            "an-node02's disk is Inconsistent") != std::string::npos);
  CHECK_FALSE(refusal(Action::down, c, r, view("an-node01", "Connected", "Secondary", "UpToDate", "UpToDate"), healthy2));

  // disconnect: not during a resync.
  auto syncing = view("an-node01", "SyncSource", "Primary", "UpToDate", "Inconsistent");
  syncing.device->sync = SyncProgress{};
  syncing.device->sync->percent = 37.5;
  CHECK(refusal(Action::disconnect, c, r, syncing, healthy2).value() ==
        "r0 is resyncing (SyncSource, 37% done): disconnecting now leaves the sync target Inconsistent");
  CHECK_FALSE(refusal(Action::disconnect, c, r, healthy1, healthy2));

  // up and connect: only what makes no sense.
  CHECK(refusal(Action::up, c, r, healthy1, healthy2).value() == "r0 is already up on an-node01 (Connected)");
  CHECK_FALSE(refusal(Action::up, c, r, down("an-node01"), healthy2));
  CHECK(refusal(Action::primary, c, r, down("an-node01"), healthy2).value() ==
        "r0 is not up on an-node01; bring it up first: anvil drbd up r0 an-node01");
  CHECK(refusal(Action::connect, c, r, healthy1, healthy2).value() == "r0 is already connected on an-node01 (Connected)");
  CHECK_FALSE(refusal(Action::connect, c, r, view("an-node01", "StandAlone", "Primary", "UpToDate", "DUnknown"), healthy2));

  CHECK(action_command(Action::primary, "r0") == "drbdadm primary r0");
  CHECK(is_destructive(Action::down));
  CHECK_FALSE(is_destructive(Action::connect));
  CHECK(action_named("secondary") == Action::secondary);
  CHECK_FALSE(action_named("invalidate"));
}

TEST_CASE("split brain: what is known, the victim where it can be told, and the steps", "[drbd][actions]") {
  auto c = cluster();
  auto& r = c.drbd.front();
  auto a = view("an-node01", "StandAlone", "Primary", "UpToDate", "DUnknown", {"vm1"});
  auto b = view("an-node02", "StandAlone", "Secondary", "UpToDate", "DUnknown");
  auto rep = explain_split_brain(r, a, b);
  CHECK(rep.suspected);
  CHECK(rep.facts[0] == "an-node01: StandAlone, Primary, disk UpToDate, peer's disk DUnknown, running VMs: vm1");
  CHECK(rep.suggested_victim == "an-node02");
  CHECK(rep.why_victim == "an-node02 is Secondary and runs no VMs: nothing has written to it since the split");
  auto steps = split_brain_steps(r, b, a);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0] == std::pair<std::string, std::string>{"an-node02", "drbdadm -- --discard-my-data connect r0"});
  CHECK(steps[1] == std::pair<std::string, std::string>{"an-node01", "drbdadm connect r0"});
  CHECK_FALSE(discard_refusal(r, b, a));
  CHECK(discard_refusal(r, a, b).value().rfind("an-node01 runs VMs (vm1)", 0) == 0);

  // Both Primary, both UpToDate: nothing tells which side wrote what.
  auto both = explain_split_brain(r, view("an-node01", "StandAlone", "Primary", "UpToDate", "DUnknown"),
                                  view("an-node02", "WFConnection", "Primary", "UpToDate", "DUnknown"));
  CHECK(both.suspected);
  CHECK(both.suggested_victim.empty());
  auto victim = view("an-node02", "WFConnection", "Primary", "UpToDate", "DUnknown");
  CHECK(split_brain_steps(r, victim, view("an-node01", "StandAlone", "Primary", "UpToDate", "DUnknown")).front().second ==
        "drbdadm secondary r0");

  // An Outdated side is the one to discard.
  CHECK(explain_split_brain(r, view("an-node01", "StandAlone", "Secondary", "Outdated", "DUnknown"),
                            view("an-node02", "StandAlone", "Primary", "UpToDate", "DUnknown"))
            .suggested_victim == "an-node01");
  // The survivor must be UpToDate, and there must be a split brain.
  CHECK(discard_refusal(r, b, view("an-node01", "StandAlone", "Primary", "Outdated", "DUnknown")).value() ==
        "discarding an-node02's data leaves no UpToDate copy: an-node01's disk is Outdated");
  CHECK(discard_refusal(r, view("an-node02", "Connected", "Primary", "UpToDate", "UpToDate"),
                        view("an-node01", "Connected", "Primary", "UpToDate", "UpToDate"))
            .value() == "no split brain to resolve: r0 is Connected on an-node02 and Connected on an-node01");
  CHECK_FALSE(explain_split_brain(r, view("an-node01", "Connected", "Primary", "UpToDate", "UpToDate"),
                                  view("an-node02", "Connected", "Primary", "UpToDate", "UpToDate"))
                  .suspected);
}
