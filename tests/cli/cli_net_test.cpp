// `anvil net render`: the ifcfg files of both nodes, as golden files.
#include <catch2/catch.hpp>

#include <filesystem>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;

TEST_CASE("net render: the seed's plan, both nodes", "[cli][net][golden]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  check_golden("net-render-seed.txt", a.run_ok({"net", "render", "--all"}).out);
  CHECK(a.run_ok({"net", "render", "an-node02"}).out.find("IPADDR=\"10.20.0.2\"") != std::string::npos);
  auto out = a.dir().file("rendered");
  auto r = a.run_ok({"net", "render", "--all", "--out", out});
  CHECK(r.out.empty());
  CHECK(read_file(out + "/an-node01/ifcfg-bond1").find("IPADDR=\"10.10.0.1\"") != std::string::npos);
  CHECK(std::filesystem::exists(out + "/an-node02/ifcfg-vbr2"));
  CHECK_FALSE(std::filesystem::exists(out + "/an-node02/ifcfg-vbr1"));
  auto j = a.json({"net", "render", "an-node01"});
  CHECK(j["nodes"][0]["files"].size() == 11);
}

TEST_CASE("net render: changed subnets and bonding options", "[cli][net][golden]") {
  Anvil a;
  a.run_ok({"ip-plan", "init", "--name", "lab-7", "--number", "7", "--nodes", "lab-n11,lab-n12", "--bcn",
            "172.16.0.0/16", "--sn", "172.17.0.0/16", "--ifn", "192.168.0.0/16"});
  a.run_ok({"ip-plan", "set", "sn.bond-options", "mode=1 miimon=50 use_carrier=1 primary=eth4"});
  a.run_ok({"ip-plan", "set", "ifn.dns", "192.168.255.254,192.168.0.53"});
  check_golden("net-render-lab.txt", a.run_ok({"net", "render", "--all"}).out);
}

TEST_CASE("net commands refuse bad input before touching anything", "[cli][net]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto unknown = a.run({"net", "render", "an-node09"});
  CHECK(unknown.status == 2);
  CHECK(unknown.err == "anvil: unknown node 'an-node09'; `anvil node list` shows the nodes\n");
  CHECK(a.run({"net", "apply"}).status == 2);
  CHECK(a.run({"net", "render", "an-node01", "--all"}).status == 2);
  CHECK(a.run({"ip-plan", "set", "bcn.bond-options", "miimon=100"}).status == 2);
}

TEST_CASE("net map --set pins MACs in the plan, and the render follows", "[cli][net]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto r = a.run_ok({"net", "map", "an-node01", "--set", "eth0=52:54:00:AA:00:01", "--set", "eth3=52:54:00:aa:00:02"});
  CHECK(r.out == "~ an-node01.eth0.mac none -> 52:54:00:aa:00:01\n~ an-node01.eth3.mac none -> 52:54:00:aa:00:02\n");
  auto render = a.run_ok({"net", "render", "an-node01"}).out;
  CHECK(render.find("DEVICE=\"eth0\"\nHWADDR=\"52:54:00:aa:00:01\"\n") != std::string::npos);
  CHECK(a.run_ok({"net", "render", "an-node02"}).out.find("HWADDR") == std::string::npos);
  auto bad = a.run({"net", "map", "an-node01", "--set", "eth0=52:54:00:aa:00"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("invalid MAC '52:54:00:aa:00'") != std::string::npos);
  CHECK(a.run({"net", "map", "an-node01", "--set", "eth9=52:54:00:aa:00:09"}).status == 2);
  CHECK(a.run({"net", "map", "an-node01", "--set", "52:54:00:aa:00:09"}).status == 2);
  auto twice = a.run({"net", "map", "an-node02", "--set", "eth0=52:54:00:aa:00:01"});
  CHECK(twice.status == 1);
  CHECK(twice.err.find("already given to an-node01.eth0") != std::string::npos);
  CHECK(a.run_ok({"net", "map", "an-node01", "--set", "eth0=none"}).out == "~ an-node01.eth0.mac 52:54:00:aa:00:01 -> none\n");
}

namespace {
std::string bonding(const std::string& name) { return std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/bonding/" + name; }
}  // namespace

TEST_CASE("net status and check from captured bonding files", "[cli][net][check]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto status = a.run_ok({"net", "status", "an-node01", "--from", bonding("el6-failed-over.bond2")});
  CHECK(status.out.find("an-node01  bond2  active-backup  up   eth5    eth2") != std::string::npos);
  CHECK(a.json({"net", "status", "an-node01", "--from", bonding("el6-degraded.bond1")})["nodes"][0]["bonds"][0]["slaves"][1]["link_failures"] == 3);

  // All three bonds, healthy, as one capture with headers.
  std::string all;
  for (auto [bond, file] : {std::pair{"bond0", "el6-healthy.bond0"}, {"bond1", "el6-degraded.bond1"}, {"bond2", "el6-failed-over.bond2"}})
    all += std::string("==> /proc/net/bonding/") + bond + " <==\n" + read_file(bonding(file)) + "\n";
  write_file(a.dir().file("capture"), all);
  auto check = a.run({"net", "check", "an-node01", "--from", a.dir().file("capture")});
  CHECK(check.status == 1);  // WARNING: degraded and off its primary
  CHECK(check.out.rfind("WARNING net.bond-degraded an-node01 bond1: bond1 is degraded: slave eth4 is down (3 link failures)\n", 0) == 0);
  CHECK(check.out.find("    fix: echo eth2 > /sys/class/net/bond2/bonding/active_slave") == std::string::npos);  // eth2 is not up yet
  CHECK(check.out.find("OK net.bond-ok an-node01 bond0") != std::string::npos);
  auto nagios = a.run({"net", "check", "an-node01", "--from", a.dir().file("capture"), "--format", "nagios"});
  CHECK(nagios.status == 1);
  CHECK(nagios.out.rfind("NET WARNING: 3 WARNING, 1 OK; an-node01 bond1: bond1 is degraded", 0) == 0);
  CHECK(nagios.out.find(" | critical=0;;;0 warning=3;;;0 unknown=0;;;0 ok=1;;;0\n") != std::string::npos);
  auto down = a.run({"net", "check", "an-node01", "--from", bonding("el6-down.bond0"), "--json"});
  CHECK(down.status == 2);
  CHECK(nlohmann::json::parse(down.out)["status"] == "CRITICAL");
}

TEST_CASE("net check: bad input is UNKNOWN, one line, nothing changed", "[cli][net][check]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  write_file(a.dir().file("garbage"), "this is not a bonding file\n");
  auto garbage = a.run({"net", "check", "an-node01", "--from", a.dir().file("garbage")});
  CHECK(garbage.status == 3);
  CHECK(garbage.out.rfind("UNKNOWN: ", 0) == 0);
  CHECK(lines(garbage.err).size() == 1);
  CHECK(a.run({"net", "check", "an-node01", "--from", a.dir().file("missing")}).status == 3);
  CHECK(a.run({"net", "check", "--all", "--from", bonding("el6-down.bond0")}).status == 3);
  CHECK(a.run({"net", "check", "an-node01", "--format", "xml"}).status == 3);
  CHECK(a.run({"net", "status", "an-node01", "--from", a.dir().file("garbage")}).status == 1);
}

namespace {
// The healthy bond0 capture with eth3's link-failure count set to `count`.
std::string bond0_with_eth3_failures(int count) {
  auto text = read_file(bonding("el6-healthy.bond0"));
  auto eth3 = text.find("Slave Interface: eth3");
  auto at = text.find("Link Failure Count: ", eth3);
  auto end = text.find('\n', at);
  return text.substr(0, at) + "Link Failure Count: " + std::to_string(count) + text.substr(end);
}
}  // namespace

TEST_CASE("net apply --restart asks, and without a terminal or --yes refuses before touching anything", "[cli][net]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto before = read_file(a.ledger());
  auto refused = a.run({"net", "apply", "--all", "--restart"});
  CHECK(refused.status == 2);
  CHECK(refused.err == "anvil: net apply --restart restarts networking on live nodes (an-node01, an-node02): "
                       "confirm with --yes, or run it at a terminal to be asked\n");
  CHECK(read_file(a.ledger()) == before);  // no run recorded, no node contacted
  CHECK(a.run({"net", "apply", "--all", "--restart", "--confirm-timeout", "2"}).status == 2);  // below 5 s
}

TEST_CASE("net check remembers link-failure counts and warns when one grew", "[cli][net][check]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto check = [&](int count, std::vector<std::string> extra = {}) {
    write_file(a.dir().file("an-node01.bond0"), bond0_with_eth3_failures(count));
    std::vector<std::string> args = {"net", "check", "an-node01", "--from", a.dir().file("an-node01.bond0")};
    args.insert(args.end(), extra.begin(), extra.end());
    return a.run(args).out;
  };
  CHECK(check(0).find("link-failures-grew") == std::string::npos);  // the first reading: nothing to compare
  auto grew = check(2);
  CHECK(grew.find("WARNING net.link-failures-grew an-node01 bond0: eth3 of bond0 lost its link 2 more times since the check of ") !=
        std::string::npos);
  CHECK(grew.find(" (0 -> 2 link failures)\n    fix: check the cable, the NIC and the switch port of eth3 on an-node01") !=
        std::string::npos);
  CHECK(check(2).find("link-failures-grew") == std::string::npos);  // the same count again: quiet
  // A dry run compares but keeps nothing: the next check still compares with 2.
  CHECK(check(3, {"--dry-run"}).find("(2 -> 3 link failures)") != std::string::npos);
  CHECK(check(3).find("(2 -> 3 link failures)") != std::string::npos);
  // The driver was reloaded: the count starts over, which is no finding, and
  // a later flap is measured from the new count.
  CHECK(check(0).find("link-failures-grew") == std::string::npos);
  CHECK(check(1).find("(0 -> 1 link failures)") != std::string::npos);
  // Bad input changes nothing: the next reading still compares with 1.
  write_file(a.dir().file("garbage"), "not a bonding file\n");
  CHECK(a.run({"net", "check", "an-node01", "--from", a.dir().file("garbage")}).status == 3);
  CHECK(check(4).find("(1 -> 4 link failures)") != std::string::npos);
}

TEST_CASE("net check: both links of a bond on one switch is CRITICAL, per the plan", "[cli][net][check]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto links = a.json({"ip-plan", "show"})["cluster"]["nodes"][0]["interfaces"];
  CHECK(links[0]["name"] == "eth0");
  CHECK(links[0]["switch"] == 1);
  CHECK(links[3]["name"] == "eth3");
  CHECK(links[3]["switch"] == 2);
  write_file(a.dir().file("bond0"), read_file(bonding("el6-healthy.bond0")));
  CHECK(a.run({"net", "check", "an-node01", "--from", a.dir().file("bond0")}).out.find("net.bond-one-switch") == std::string::npos);

  CHECK(a.run_ok({"ip-plan", "set", "an-node01.eth3.switch", "1"}).out == "~ an-node01.eth3.switch 2 -> 1\n");
  auto check = a.run({"net", "check", "an-node01", "--from", a.dir().file("bond0")});
  CHECK(check.status == 2);
  CHECK(check.out.find("CRITICAL net.bond-one-switch an-node01 bond0: every link of bond0 (eth0, eth3) is on switch 1 per the plan: "
                       "when that switch fails, the bcn of an-node01 is down\n"
                       "    fix: cable eth3 to the other switch and record it: anvil ip-plan set an-node01.eth3.switch N") !=
        std::string::npos);
  CHECK(a.run({"net", "check", "an-node02", "--from", a.dir().file("bond0")}).out.find("bond-one-switch") == std::string::npos);
  // Moving the links keeps what is known about a NIC that stays.
  a.run_ok({"ip-plan", "set", "bcn.links", "eth0,eth3"});
  CHECK(a.json({"ip-plan", "set", "--list"})["keys"]["an-node01.eth3.switch"] == "1");
  auto bad = a.run({"ip-plan", "set", "an-node01.eth3.switch", "up"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("invalid switch 'up' for an-node01.eth3") != std::string::npos);
  CHECK(a.run_ok({"ip-plan", "set", "an-node01.eth3.switch", "default"}).out == "~ an-node01.eth3.switch 1 -> 2\n");
}
