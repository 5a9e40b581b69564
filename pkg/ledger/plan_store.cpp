#include "ledger/plan_store.hpp"

#include <map>

#include "core/error.hpp"
#include "core/time.hpp"
#include "plan/drbd_plan.hpp"

namespace anvil::ledger {
namespace {

using plan::Cidr;
using plan::Ipv4;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// Values in the ledger were validated on the way in; a value that no longer
// parses means the file was edited by hand, which the user must hear about.
Ipv4 stored_ip(const std::string& text, const std::string& where) {
  auto ip = Ipv4::parse(text);
  if (!ip) throw failure("the ledger holds an invalid address '" + text + "' for " + where + "; fix it with `anvil ip-plan set`");
  return *ip;
}

std::int64_t cluster_id(Db& db, const std::string& name) {
  auto q = db.prepare("SELECT id FROM clusters WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) throw failure("no cluster '" + name + "' in the ledger " + db.path() + "; `anvil ip-plan list` lists them");
  return q.integer(0);
}

void load_networks(Db& db, std::int64_t id, plan::Cluster& c) {
  auto q = db.prepare(
      "SELECT name, subnet, bond, bridge, links, gateway, dns, bond_options FROM networks WHERE cluster_id = ? ORDER BY id");
  q.bind(1, id);
  while (q.step()) {
    plan::Network n;
    n.name = q.text(0);
    auto subnet = Cidr::parse(q.text(1));
    if (!subnet) throw failure("the ledger holds an invalid subnet '" + q.text(1) + "' for the " + n.name + " network");
    n.subnet = *subnet;
    n.bond = q.text(2);
    n.bridge = q.text(3);
    n.links = split(q.text(4));
    if (auto gw = q.optional_text(5)) n.gateway = stored_ip(*gw, n.name + ".gateway");
    for (auto& d : split(q.text(6))) n.dns.push_back(stored_ip(d, n.name + ".dns"));
    n.bond_options = q.text(7);
    c.networks.push_back(n);
  }
}

// Node ids -> index in c.nodes, for the tables that point at nodes.
std::map<std::int64_t, std::size_t> load_nodes(Db& db, std::int64_t id, plan::Cluster& c) {
  std::map<std::int64_t, std::size_t> index;
  auto q = db.prepare(
      "SELECT id, name, number, ssh_host, ssh_port, ssh_user, ssh_identity, ssh_known_hosts, libvirt_uri FROM nodes "
      "WHERE cluster_id = ? ORDER BY number, name");
  q.bind(1, id);
  while (q.step()) {
    index[q.integer(0)] = c.nodes.size();
    plan::SshSettings ssh{q.text(3), static_cast<int>(q.integer(4)), q.text(5), q.text(6), q.text(7)};
    c.nodes.push_back({q.text(1), static_cast<int>(q.integer(2)), {}, {}, ssh, {}, q.text(8)});
  }
  auto i = db.prepare(
      "SELECT node_id, name, kind, network, master, mac, switch_number FROM interfaces WHERE node_id IN "
      "(SELECT id FROM nodes WHERE cluster_id = ?) ORDER BY id");
  i.bind(1, id);
  while (i.step())
    c.nodes[index.at(i.integer(0))].interfaces.push_back(
        {i.text(1), i.text(2), i.text(3), i.text(4), i.text(5), static_cast<int>(i.integer(6))});
  return index;
}

}  // namespace

std::vector<std::string> cluster_names(Db& db) {
  std::vector<std::string> names;
  auto q = db.prepare("SELECT name FROM clusters ORDER BY name");
  while (q.step()) names.push_back(q.text(0));
  return names;
}

std::string choose_cluster(Db& db, const std::optional<std::string>& wanted) {
  if (wanted && !wanted->empty()) {
    cluster_id(db, *wanted);  // throws with a hint when unknown
    return *wanted;
  }
  auto names = cluster_names(db);
  if (names.empty()) throw failure("the ledger " + db.path() + " has no cluster yet; plan one with `anvil ip-plan init`");
  if (names.size() > 1)
    throw usage_error("the ledger holds " + std::to_string(names.size()) + " clusters (" + join(names) +
                      "); choose one with --cluster NAME");
  return names.front();
}

plan::Cluster load_cluster(Db& db, const std::string& name) {
  auto id = cluster_id(db, name);
  plan::Cluster c;
  {
    auto q = db.prepare(
        "SELECT name, number, domain, profile, fence_delay_node, fence_delay, post_join_delay, config_version "
        "FROM clusters WHERE id = ?");
    q.bind(1, id);
    q.step();
    c.name = q.text(0);
    c.number = static_cast<int>(q.integer(1));
    c.domain = q.text(2);
    c.profile = q.text(3);
    c.fence_delay_node = q.text(4);
    c.fence_delay = static_cast<int>(q.integer(5));
    c.post_join_delay = static_cast<int>(q.integer(6));
    c.config_version = static_cast<int>(q.integer(7));
  }
  load_networks(db, id, c);
  auto node_index = load_nodes(db, id, c);
  std::map<std::int64_t, std::size_t> device_index, vm_index;
  {
    auto q = db.prepare(
        "SELECT id, name, kind, node_id, sequence, agent, login FROM devices WHERE cluster_id = ? ORDER BY kind, sequence, name");
    q.bind(1, id);
    while (q.step()) {
      plan::Device d;
      d.name = q.text(1);
      d.kind = q.text(2);
      if (auto node_id = q.optional_int(3)) d.node = c.nodes[node_index.at(*node_id)].name;
      d.sequence = static_cast<int>(q.integer(4));
      d.agent = q.text(5);
      d.login = q.text(6);
      device_index[q.integer(0)] = c.devices.size();
      c.devices.push_back(d);
    }
    auto o = db.prepare(
        "SELECT device_id, key, value FROM device_options WHERE device_id IN (SELECT id FROM devices WHERE cluster_id = ?) "
        "ORDER BY device_id, position");
    o.bind(1, id);
    while (o.step()) c.devices[device_index.at(o.integer(0))].options.emplace_back(o.text(1), o.text(2));
    std::map<std::int64_t, std::pair<std::size_t, std::size_t>> method_index;  // method id -> node, method
    auto m = db.prepare(
        "SELECT id, node_id, name FROM fence_methods WHERE node_id IN (SELECT id FROM nodes WHERE cluster_id = ?) "
        "ORDER BY node_id, position");
    m.bind(1, id);
    while (m.step()) {
      auto& node = c.nodes[node_index.at(m.integer(1))];
      method_index[m.integer(0)] = {node_index.at(m.integer(1)), node.fence.size()};
      node.fence.push_back({m.text(2), {}});
    }
    auto st = db.prepare(
        "SELECT method_id, device_id, port FROM fence_steps WHERE method_id IN (SELECT id FROM fence_methods WHERE node_id IN "
        "(SELECT id FROM nodes WHERE cluster_id = ?)) ORDER BY method_id, position");
    st.bind(1, id);
    while (st.step()) {
      auto [n, k] = method_index.at(st.integer(0));
      c.nodes[n].fence[k].steps.push_back({c.devices[device_index.at(st.integer(1))].name, st.text(2)});
    }
  }
  {
    auto q = db.prepare("SELECT id, name, sequence, ram_mib, vcpus, preferred_node_id, disk_lv, boot FROM vms WHERE cluster_id = ? "
        "ORDER BY sequence, name");
    q.bind(1, id);
    while (q.step()) {
      plan::Vm v;
      v.name = q.text(1);
      v.sequence = static_cast<int>(q.integer(2));
      v.ram_mib = q.optional_int(3);
      v.vcpus = q.optional_int(4);
      if (auto node_id = q.optional_int(5)) v.preferred_node = c.nodes[node_index.at(*node_id)].name;
      v.disk_lv = q.text(6);
      v.boot = split(q.text(7));
      vm_index[q.integer(0)] = c.vms.size();
      c.vms.push_back(v);
    }
  }
  {
    std::map<std::int64_t, std::size_t> resource_index;
    auto r = db.prepare("SELECT id, name, minor, port FROM drbd_resources WHERE cluster_id = ? ORDER BY minor, name");
    r.bind(1, id);
    while (r.step()) {
      resource_index[r.integer(0)] = c.drbd.size();
      c.drbd.push_back({r.text(1), static_cast<int>(r.integer(2)), static_cast<int>(r.integer(3)), {}});
    }
    auto d = db.prepare(
        "SELECT resource_id, node_id, disk FROM drbd_disks WHERE resource_id IN "
        "(SELECT id FROM drbd_resources WHERE cluster_id = ?) ORDER BY resource_id, node_id");
    d.bind(1, id);
    while (d.step())
      c.drbd[resource_index.at(d.integer(0))].disks.push_back({c.nodes[node_index.at(d.integer(1))].name, d.text(2)});
    auto s = db.prepare("SELECT key, value FROM drbd_settings WHERE cluster_id = ? ORDER BY key");
    s.bind(1, id);
    while (s.step()) plan::set_drbd_setting(c.drbd_settings, s.text(0), s.text(1));
  }
  {
    auto v = db.prepare("SELECT name, drbd FROM storage_vgs WHERE cluster_id = ? ORDER BY position");
    v.bind(1, id);
    while (v.step()) c.storage_vgs.push_back({v.text(0), v.text(1)});
    auto g = db.prepare("SELECT vg, lv, size, fs_name, mount_point, journals FROM storage_gfs2 WHERE cluster_id = ?");
    g.bind(1, id);
    if (g.step()) c.gfs2 = plan::SharedFs{g.text(0), g.text(1), g.text(2), g.text(3), g.text(4), static_cast<int>(g.integer(5))};
  }
  auto q = db.prepare("SELECT network, address, node_id, device_id, vm_id FROM addresses WHERE cluster_id = ? ORDER BY id");
  q.bind(1, id);
  while (q.step()) {
    plan::Address a{q.text(0), {}};
    if (auto n = q.optional_int(2)) {
      auto& node = c.nodes[node_index.at(*n)];
      a.ip = stored_ip(q.text(1), node.name + "." + a.network);
      node.addresses.push_back(a);
    } else if (auto d = q.optional_int(3)) {
      auto& device = c.devices[device_index.at(*d)];
      a.ip = stored_ip(q.text(1), device.name);
      device.address = a;
    } else if (auto v = q.optional_int(4)) {
      auto& vm = c.vms[vm_index.at(*v)];
      a.ip = stored_ip(q.text(1), vm.name);
      vm.address = a;
    }
  }
  return c;
}

namespace {

void insert_children(Db& db, std::int64_t id, const plan::Cluster& c) {
  auto add_address = [&](const plan::Address& a, const char* owner_column, std::int64_t owner) {
    auto q = db.prepare(std::string("INSERT INTO addresses (cluster_id, network, address, ") + owner_column +
                        ") VALUES (?, ?, ?, ?)");
    q.bind(1, id).bind(2, a.network).bind(3, a.ip.str()).bind(4, owner).run();
  };
  for (auto& n : c.networks) {
    auto q = db.prepare(
        "INSERT INTO networks (cluster_id, name, subnet, bond, bridge, links, gateway, dns, bond_options) "
        "VALUES (?,?,?,?,?,?,?,?,?)");
    std::vector<std::string> dns;
    for (auto& d : n.dns) dns.push_back(d.str());
    q.bind(1, id).bind(2, n.name).bind(3, n.subnet.str()).bind(4, n.bond).bind(5, n.bridge).bind(6, join(n.links));
    q.bind(7, n.gateway ? std::optional<std::string>(n.gateway->str()) : std::nullopt).bind(8, join(dns));
    q.bind(9, n.bond_options).run();
  }
  std::map<std::string, std::int64_t> node_ids;
  for (auto& n : c.nodes) {
    db.prepare(
          "INSERT INTO nodes (cluster_id, name, number, ssh_host, ssh_port, ssh_user, ssh_identity, ssh_known_hosts, libvirt_uri) "
          "VALUES (?,?,?,?,?,?,?,?,?)")
        .bind(1, id).bind(2, n.name).bind(3, n.number).bind(4, n.ssh.host).bind(5, n.ssh.port).bind(6, n.ssh.user)
        .bind(7, n.ssh.identity).bind(8, n.ssh.known_hosts).bind(9, n.libvirt_uri).run();
    auto node_id = node_ids[n.name] = db.last_insert_id();
    for (auto& i : n.interfaces)
      db.prepare("INSERT INTO interfaces (node_id, name, kind, network, master, mac, switch_number) VALUES (?,?,?,?,?,?,?)")
          .bind(1, node_id).bind(2, i.name).bind(3, i.kind).bind(4, i.network).bind(5, i.master).bind(6, i.mac)
          .bind(7, i.switch_number).run();
    for (auto& a : n.addresses) add_address(a, "node_id", node_id);
  }
  auto node_ref = [&](const std::string& name) -> std::optional<int> {
    if (name.empty()) return std::nullopt;
    return static_cast<int>(node_ids.at(name));
  };
  std::map<std::string, std::int64_t> device_ids;
  for (auto& d : c.devices) {
    db.prepare("INSERT INTO devices (cluster_id, name, kind, node_id, sequence, agent, login) VALUES (?,?,?,?,?,?,?)")
        .bind(1, id).bind(2, d.name).bind(3, d.kind).bind(4, node_ref(d.node)).bind(5, d.sequence).bind(6, d.agent)
        .bind(7, d.login).run();
    auto device_id = device_ids[d.name] = db.last_insert_id();
    add_address(d.address, "device_id", device_id);
    int position = 0;
    for (auto& [key, value] : d.options)
      db.prepare("INSERT INTO device_options (device_id, position, key, value) VALUES (?,?,?,?)")
          .bind(1, device_id).bind(2, position++).bind(3, key).bind(4, value).run();
  }
  for (auto& n : c.nodes) {
    int position = 0;
    for (auto& method : n.fence) {
      db.prepare("INSERT INTO fence_methods (node_id, position, name) VALUES (?,?,?)")
          .bind(1, node_ids.at(n.name)).bind(2, position++).bind(3, method.name).run();
      auto method_id = db.last_insert_id();
      int step = 0;
      for (auto& s : method.steps)
        db.prepare("INSERT INTO fence_steps (method_id, position, device_id, port) VALUES (?,?,?,?)")
            .bind(1, method_id).bind(2, step++).bind(3, device_ids.at(s.device)).bind(4, s.port).run();
    }
  }
  for (auto& r : c.drbd) {
    db.prepare("INSERT INTO drbd_resources (cluster_id, name, minor, port) VALUES (?,?,?,?)")
        .bind(1, id).bind(2, r.name).bind(3, r.minor).bind(4, r.port).run();
    auto resource_id = db.last_insert_id();
    for (auto& d : r.disks)
      db.prepare("INSERT INTO drbd_disks (resource_id, node_id, disk) VALUES (?,?,?)")
          .bind(1, resource_id).bind(2, node_ids.at(d.node)).bind(3, d.disk).run();
  }
  int vg_position = 0;
  for (auto& v : c.storage_vgs)
    db.prepare("INSERT INTO storage_vgs (cluster_id, position, name, drbd) VALUES (?,?,?,?)")
        .bind(1, id).bind(2, vg_position++).bind(3, v.name).bind(4, v.drbd).run();
  if (c.gfs2)
    db.prepare("INSERT INTO storage_gfs2 (cluster_id, vg, lv, size, fs_name, mount_point, journals) VALUES (?,?,?,?,?,?,?)")
        .bind(1, id).bind(2, c.gfs2->vg).bind(3, c.gfs2->lv).bind(4, c.gfs2->size).bind(5, c.gfs2->name)
        .bind(6, c.gfs2->mount_point).bind(7, c.gfs2->journals).run();
  for (auto& [key, value] : plan::drbd_setting_rows(c.drbd_settings))
    db.prepare("INSERT INTO drbd_settings (cluster_id, key, value) VALUES (?,?,?)").bind(1, id).bind(2, key).bind(3, value).run();
  for (auto& v : c.vms) {
    db.prepare("INSERT INTO vms (cluster_id, name, sequence, ram_mib, vcpus, preferred_node_id, disk_lv, boot) VALUES (?,?,?,?,?,?,?,?)")
        .bind(1, id).bind(2, v.name).bind(3, v.sequence).bind(4, v.ram_mib).bind(5, v.vcpus)
        .bind(6, node_ref(v.preferred_node)).bind(7, v.disk_lv).bind(8, join(v.boot)).run();
    add_address(v.address, "vm_id", db.last_insert_id());
  }
}

void update_cluster_row(Db& db, std::int64_t id, const plan::Cluster& c) {
  db.prepare(
        "UPDATE clusters SET name = ?, number = ?, domain = ?, profile = ?, fence_delay_node = ?, fence_delay = ?, "
        "post_join_delay = ?, config_version = ? WHERE id = ?")
      .bind(1, c.name).bind(2, c.number).bind(3, c.domain).bind(4, c.profile).bind(5, c.fence_delay_node)
      .bind(6, c.fence_delay).bind(7, c.post_join_delay).bind(8, c.config_version).bind(9, id).run();
}

}  // namespace

void insert_cluster(Db& db, const plan::Cluster& c) {
  auto exists = db.prepare("SELECT 1 FROM clusters WHERE name = ?");
  exists.bind(1, c.name);
  if (exists.step())
    throw failure("cluster '" + c.name + "' is already planned in " + db.path() +
                  "; change it with `anvil ip-plan set`, or choose another name");
  db.prepare("INSERT INTO clusters (name, number, domain, profile, created_at) VALUES (?,?,?,?,?)")
      .bind(1, c.name).bind(2, c.number).bind(3, c.domain).bind(4, c.profile).bind(5, now_utc()).run();
  auto id = db.last_insert_id();
  update_cluster_row(db, id, c);
  insert_children(db, id, c);
}

void set_config_version(Db& db, const std::string& cluster, int version) {
  db.prepare("UPDATE clusters SET config_version = ? WHERE name = ?").bind(1, version).bind(2, cluster).run();
}

void replace_cluster(Db& db, const std::string& stored_name, const plan::Cluster& c) {
  auto id = cluster_id(db, stored_name);
  if (c.name != stored_name) {
    auto taken = db.prepare("SELECT 1 FROM clusters WHERE name = ?");
    taken.bind(1, c.name);
    if (taken.step()) throw failure("cluster '" + c.name + "' is already planned; choose another name");
  }
  update_cluster_row(db, id, c);
  // Children are replaced wholesale: the model in memory is the whole truth.
  for (const char* table : {"storage_gfs2", "storage_vgs", "drbd_settings", "drbd_resources", "addresses", "vms", "devices", "nodes", "networks"})
    db.prepare(std::string("DELETE FROM ") + table + " WHERE cluster_id = ?").bind(1, id).run();
  insert_children(db, id, c);
  // A device that is gone takes its password with it.
  db.prepare("DELETE FROM secrets WHERE cluster_id = ? AND device NOT IN (SELECT name FROM devices WHERE cluster_id = ?)")
      .bind(1, id).bind(2, id).run();
}

}  // namespace anvil::ledger
