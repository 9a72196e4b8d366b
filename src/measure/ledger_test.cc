// Records: the CodeCarbon-superset CSV and the SQLite ledger, on temporary files.
#include "gpufleet/ledger.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/measure_report.h"
#include "gpufleet/monitor.h"
#include "gpufleet/report.h"

namespace gpufleet {
namespace {

std::string Temp(const std::string& name) {
  const std::string p = testing::TempDir() + "/ledger_test_" + name;
  std::remove(p.c_str());
  std::remove((p + "-wal").c_str());
  std::remove((p + "-shm").c_str());
  return p;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> SplitCsv(const std::string& line) {  // no quoted cells in these tests
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string cell;
  while (std::getline(s, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

Record Sample(const std::string& run = "r1", const std::string& window = "epoch") {
  Record r;
  r.timestamp = "2026-12-02T17:00:00Z";
  r.kind = "window";
  r.project = "p";
  r.run_id = run;
  r.window = window;
  r.node = "n1";
  r.duration_s = 10;
  r.gpu_kwh = Interval(0.002, 0.0019, 0.0021);
  r.energy_kwh = r.gpu_kwh;
  r.emissions_kg = Interval(0.001, 0.0009, 0.0012);
  r.cost_usd = Interval(0.0002);
  r.water_l = Interval(0.004);
  r.method = "counter";
  r.pue = 1.2;
  r.gpu_count = 1;
  r.gpu_model = "1 x Fake GPU";
  r.devices = {{"gpu0", "gpu", "Fake GPU", "GPU-0", "counter", Interval(7200, 6840, 7560)}};
  return r;
}

TEST(RecordCsv, ColumnsAreCodeCarbonsInOrderThenGpufleets) {
  const std::vector<std::string> codecarbon = {
      "timestamp",      "project_name",       "run_id",         "experiment_id",
      "duration",       "emissions",          "emissions_rate", "cpu_power",
      "gpu_power",      "ram_power",          "cpu_energy",     "gpu_energy",
      "ram_energy",     "energy_consumed",    "country_name",   "country_iso_code",
      "region",         "cloud_provider",     "cloud_region",   "os",
      "python_version", "codecarbon_version", "cpu_count",      "cpu_model",
      "gpu_count",      "gpu_model",          "longitude",      "latitude",
      "ram_total_size", "tracking_mode",      "on_cloud",       "pue"};
  const auto cols = CsvColumns();
  ASSERT_GT(cols.size(), codecarbon.size());
  for (size_t i = 0; i < codecarbon.size(); ++i) EXPECT_EQ(cols[i], codecarbon[i]) << i;
  for (const char* extra :
       {"energy_consumed_low", "energy_consumed_high", "method", "window", "node", "job", "rank"}) {
    EXPECT_NE(std::find(cols.begin(), cols.end(), extra), cols.end()) << extra;
  }
}

TEST(RecordCsv, UnitsAreCodeCarbonsAndUnknownsAreEmptyNotZero) {
  const auto cols = CsvColumns();
  const auto cells = SplitCsv(CsvLine(Sample()));
  ASSERT_EQ(cells.size(), cols.size());
  auto at = [&](const std::string& c) {
    return cells[std::find(cols.begin(), cols.end(), c) - cols.begin()];
  };
  EXPECT_EQ(at("gpu_energy"), "0.002");       // kWh
  EXPECT_EQ(at("energy_consumed"), "0.002");  // kWh
  EXPECT_EQ(at("energy_consumed_low"), "0.0019");
  EXPECT_EQ(at("emissions"), "0.001");                  // kg
  EXPECT_EQ(at("emissions_rate"), "0.0001");            // kg/s
  EXPECT_DOUBLE_EQ(std::stod(at("gpu_power")), 720.0);  // W: 0.002 kWh over 10 s
  EXPECT_EQ(at("duration"), "10");
  EXPECT_EQ(at("cpu_energy"), "");  // not measured: empty, never 0
  EXPECT_EQ(at("cpu_power"), "");
  EXPECT_EQ(at("country_name"), "");
  EXPECT_EQ(at("codecarbon_version"), "");
  EXPECT_EQ(at("tracking_mode"), "machine");
  EXPECT_EQ(at("pue"), "1.2");
  EXPECT_EQ(at("window"), "epoch");
}

// A new CSV in a directory that does not exist is refused when the sink opens, before the
// measured command runs (it was found after, and the record lost).
TEST(RecordCsv, AMissingDirectoryIsRefusedAtOnce) {
  try {
    OpenCsv(Temp("no-such-dir") + "/x.csv");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no directory"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(OpenCsv(Temp("fresh.csv")));  // a new file in an existing directory
  // The output policy's other refusals of a new file hold too: a dangling symbolic link (the
  // record would be created wherever it points) and a FIFO (never blocked on).
  const std::string dangling = Temp("dangling.csv"), fifo = Temp("fifo.csv");  // Temp removes
  std::filesystem::create_symlink(Temp("nowhere") + "/x.csv", dangling);
  EXPECT_THROW(OpenCsv(dangling), InputError);
  // The SQLite ledger likewise (it created the link's target).
  const std::string dangling_db = Temp("dangling.db");
  std::filesystem::create_symlink(Temp("nowhere.db"), dangling_db);
  EXPECT_THROW(OpenLedger(dangling_db), InputError);
  EXPECT_FALSE(std::filesystem::exists(Temp("nowhere.db")));
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(OpenCsv(fifo), InputError);
}

TEST(RecordCsv, AppendsWithOneHeaderAndRefusesAForeignFile) {
  const std::string path = Temp("a.csv");
  auto sink = OpenCsv(path);
  sink->Append(Sample("r1"));
  OpenCsv(path)->Append(Sample("r2"));  // an existing file with our header: appended to
  std::stringstream s(Slurp(path));
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(s, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("timestamp,", 0), 0u);
  EXPECT_NE(lines[2].find(",r2,"), std::string::npos);

  const std::string other = Temp("other.csv");
  std::ofstream(other) << "a,b,c\n1,2,3\n";
  try {
    OpenCsv(other);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, other);
    EXPECT_EQ(e.where().line, 1);
  }
  EXPECT_EQ(Slurp(other), "a,b,c\n1,2,3\n");  // untouched
}

TEST(RecordCsv, QuotesCellsWithCommas) {
  Record r = Sample();
  r.window = "python train.py --lr 1e-3,2e-3";
  const std::string line = CsvLine(r);
  EXPECT_NE(line.find("\"python train.py --lr 1e-3,2e-3\""), std::string::npos);
}

// A CSV and a ledger (and measure's report) must be three files, however the paths are spelt
// (Monitor(csv=F, ledger=F) lost the CSV's records in the SQLite file; found by an adversarial
// tester).
TEST(RecordFiles, SameFileSeesThroughSpellingsAndLinks) {
  const std::string dir = testing::TempDir() + "/ledger_test_same";
  std::filesystem::create_directories(dir);
  const std::string a = dir + "/a.db", b = dir + "/b.db", link = dir + "/link.db";
  std::remove(a.c_str());
  std::remove(b.c_str());
  std::remove(link.c_str());
  EXPECT_TRUE(SameFile(a, dir + "/./a.db"));  // neither exists yet: the same path
  EXPECT_FALSE(SameFile(a, b));
  EXPECT_FALSE(SameFile(a, ""));
  std::ofstream(a) << "x";
  std::filesystem::create_hard_link(a, link);
  EXPECT_TRUE(SameFile(a, link));  // one inode
  EXPECT_FALSE(SameFile(a, b));    // one there, one not
  std::ofstream(b) << "y";
  EXPECT_FALSE(SameFile(a, b));
}

TEST(Ledger, RoundTripAcrossReopens) {
  const std::string path = Temp("rt.db");
  {
    auto l = OpenLedger(path);
    l->Append(Sample("r1", "epoch"));
    Record unknown = Sample("r1", "eval");
    unknown.energy_kwh.reset();
    unknown.gpu_kwh.reset();
    unknown.emissions_kg.reset();
    unknown.devices.clear();
    l->Append(unknown);
  }
  auto l = OpenLedger(path);
  l->Append(Sample("r2", "epoch"));
  const auto all = l->Query({});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].run_id, "r1");
  ASSERT_TRUE(all[0].energy_kwh);
  EXPECT_DOUBLE_EQ(all[0].energy_kwh->low, 0.0019);
  EXPECT_DOUBLE_EQ(all[0].energy_kwh->high, 0.0021);
  ASSERT_EQ(all[0].devices.size(), 1u);
  EXPECT_EQ(all[0].devices[0].uuid, "GPU-0");
  EXPECT_DOUBLE_EQ(all[0].devices[0].energy_j->value, 7200);
  EXPECT_FALSE(all[1].energy_kwh);  // NULL, not 0
  EXPECT_FALSE(all[1].emissions_kg);
  ASSERT_TRUE(all[0].pue);
  EXPECT_DOUBLE_EQ(*all[0].pue, 1.2);
  EXPECT_EQ(l->Query({"", "r2", "", ""}).size(), 1u);
  EXPECT_EQ(l->Query({"", "", "epoch", ""}).size(), 2u);
  EXPECT_EQ(l->Query({"nope", "", "", ""}).size(), 0u);
}

// Ranks of one job create one ledger at once (tests/mpi_merge.sh, --every-rank): every process
// must find either no schema or the whole of it. Reading the application id and the tables
// apart once let a rank see the tables of a schema committed between the two reads and refuse
// the file as "a database of something else" (caught under AddressSanitizer).
TEST(Ledger, ProcessesCreatingOneLedgerAtOnceAllWrite) {
  for (int round = 0; round < 20; ++round) {
    const std::string path = Temp("race" + std::to_string(round) + ".db");
    std::vector<pid_t> kids;
    for (int k = 0; k < 4; ++k) {
      const pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        int code = 0;
        try {
          OpenLedger(path)->Append(Sample("r" + std::to_string(k), "epoch"));
        } catch (const std::exception& e) {
          std::fprintf(stderr, "rank %d: %s\n", k, e.what());
          code = 1;
        }
        _exit(code);
      }
      kids.push_back(pid);
    }
    for (pid_t pid : kids) {
      int status = 0;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round;
    }
    EXPECT_EQ(OpenLedger(path)->Query({}).size(), 4u) << "round " << round;
  }
}

TEST(Ledger, IsWalWithTheSchemaVersion) {
  const std::string path = Temp("wal.db");
  OpenLedger(path)->Append(Sample());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto one = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    std::string v;
    if (sqlite3_step(s) == SQLITE_ROW) v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
  };
  EXPECT_EQ(one("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(one("PRAGMA user_version"), std::to_string(kLedgerSchemaVersion));
  EXPECT_EQ(one("SELECT count(*) FROM records"), "1");
  sqlite3_close(db);
}

TEST(Ledger, SumsByProjectRunAndWindowLeaveUnknownsOut) {
  std::vector<Record> rs = {Sample("r1", "epoch"), Sample("r1", "epoch"), Sample("r2", "epoch")};
  Record unknown = Sample("r2", "eval");
  unknown.energy_kwh.reset();
  rs.push_back(unknown);
  const auto by_run = Summarize(rs, "run");
  ASSERT_EQ(by_run.size(), 2u);
  EXPECT_EQ(by_run[0].key, "p/r1");
  EXPECT_EQ(by_run[0].records, 2);
  EXPECT_DOUBLE_EQ(by_run[0].energy_kwh->value, 0.004);
  EXPECT_DOUBLE_EQ(by_run[0].energy_kwh->low, 0.0038);
  EXPECT_DOUBLE_EQ(by_run[1].energy_kwh->value, 0.002);
  EXPECT_EQ(by_run[1].unknown_energy, 1);
  EXPECT_DOUBLE_EQ(by_run[1].duration_s, 20);
  EXPECT_EQ(Summarize(rs, "project").size(), 1u);
  EXPECT_EQ(Summarize(rs, "window").size(), 3u);
  EXPECT_THROW(Summarize(rs, "node"), InputError);
}

// `measure --site none` stored 0 kg CO2e, USD 0 and 0 L in the CSV and the ledger where a
// Python window stored NULL, and `ledger` explained those NULLs as "no record of this group
// measured any device" beside its energy; a group mixing a sited and an unsited record summed
// CO2e over part of the energy with no word (found by an adversarial tester).
TEST(Ledger, AMeasureRunWithNoSiteStoresUnknownsAndSumsSayWhatTheyLeaveOut) {
  MeasureReport m;
  m.command = {"sleep", "0.3"};
  m.meter.duration = 0.3 * units::s;
  DeviceResult d;
  d.info.id = "gpu0";
  d.info.kind = "gpu";
  d.info.name = "Fake GPU";
  d.method = "counter";
  d.energy = Energy<Interval>::FromSi(Interval(240, 228, 252));
  m.meter.devices = {d};
  m.site = SiteFactorsFor("none");
  m.run = AtSite(TotalEnergy(m.meter), m.site);
  Record unsited = RecordOf(m, "p", "r1", "");
  ASSERT_TRUE(unsited.energy_kwh);
  EXPECT_FALSE(unsited.emissions_kg);
  EXPECT_FALSE(unsited.cost_usd);
  EXPECT_FALSE(unsited.water_l);
  const auto cols = CsvColumns();
  const auto cells = SplitCsv(CsvLine(unsited));
  ASSERT_EQ(cells.size(), cols.size());
  for (const char* c :
       {"emissions", "emissions_rate", "cost_usd", "water_l", "emissions_low", "water_l_high"}) {
    EXPECT_EQ(cells[std::find(cols.begin(), cols.end(), c) - cols.begin()], "") << c;
  }
  EXPECT_NE(cells[std::find(cols.begin(), cols.end(), "energy_consumed") - cols.begin()], "");
  // A flag's factor stays known: --site none --grid-kg-per-kwh 0.4 has CO2e, no cost or water.
  m.site.grid = Interval(0.4) * units::kg_per_kwh;
  m.site.unknown.erase(std::find(m.site.unknown.begin(), m.site.unknown.end(), "grid_kg_per_kwh"));
  m.run = AtSite(TotalEnergy(m.meter), m.site);
  const Record gridded = RecordOf(m, "p", "r1", "");
  ASSERT_TRUE(gridded.emissions_kg);
  EXPECT_GT(gridded.emissions_kg->value, 0);
  EXPECT_FALSE(gridded.cost_usd);
  // Through the ledger: NULL, read back as unknown.
  const std::string path = Temp("nosite.db");
  OpenLedger(path)->Append(unsited);
  const auto back = OpenLedgerForReading(path)->Query({});
  ASSERT_EQ(back.size(), 1u);
  EXPECT_FALSE(back[0].emissions_kg);
  EXPECT_FALSE(back[0].cost_usd);
  EXPECT_FALSE(back[0].water_l);
  // The sums: unsited alone is unknown for a lack of site factors, not of measured devices.
  const auto sum_of = [](const report::Report& doc, const std::string& row) {
    for (const auto& r : doc.extra.front().rows) {
      if (r.name == row) return r.figure;
    }
    return Figure::Absent("", "no row " + row);
  };
  const report::Report alone = LedgerDocument({unsited}, "project", false);
  EXPECT_FALSE(sum_of(alone, "co2e_kg").present());
  EXPECT_EQ(sum_of(alone, "co2e_kg").why().find("measured any device"), std::string::npos)
      << sum_of(alone, "co2e_kg").why();
  EXPECT_NE(sum_of(alone, "co2e_kg").why().find("grid carbon intensity"), std::string::npos);
  // Mixed with a sited record: the CO2e sums one of the two and a note says so.
  const std::vector<Record> both = {Sample("r1"), unsited};
  const auto sums = Summarize(both, "project");
  ASSERT_EQ(sums.size(), 1u);
  EXPECT_EQ(sums[0].unknown_emissions, 1);
  EXPECT_EQ(sums[0].unknown_cost, 1);
  EXPECT_EQ(sums[0].unknown_water, 1);
  const report::Report mixed = LedgerDocument(both, "project", false);
  EXPECT_TRUE(sum_of(mixed, "co2e_kg").present());
  std::string notes;
  for (const auto& n : mixed.extra.front().notes) notes += n + "\n";
  EXPECT_NE(notes.find("1 of 2 record(s) with measured energy have no CO2e"), std::string::npos)
      << notes;
  EXPECT_NE(notes.find("no cost"), std::string::npos) << notes;
}

void ExpectRefused(const std::string& path, const std::string& words) {
  const std::string before = Slurp(path);
  try {
    OpenLedger(path);
    FAIL() << "no error for " << path;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
  EXPECT_EQ(Slurp(path), before);  // nothing written into it
}

TEST(Ledger, RefusesAFileThatIsNotALedger) {
  const std::string text = Temp("text.db");
  std::ofstream(text) << "timestamp,project_name\n";
  ExpectRefused(text, "not a SQLite database");

  const std::string other = Temp("other.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  ExpectRefused(other, "something else");
}

TEST(Ledger, RefusesACorruptLedgerAndKeepsItsRecords) {
  const std::string path = Temp("corrupt.db");
  OpenLedger(path)->Append(Sample());
  // Checkpointed by the close; now overwrite the second page (the records table) with junk.
  std::string bytes = Slurp(path);
  ASSERT_GT(bytes.size(), 8192u);
  for (size_t i = 4096; i < 8192; ++i) bytes[i] = static_cast<char>(0xA5);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  ExpectRefused(path, "corrupt");
}

TEST(Ledger, RefusesAReadOnlyLedgerAndKeepsItsRecords) {
  const std::string path = Temp("ro.db");
  OpenLedger(path)->Append(Sample());
  chmod(path.c_str(), 0444);
  ExpectRefused(path, "read-only");
  chmod(path.c_str(), 0644);
  EXPECT_EQ(OpenLedger(path)->Query({}).size(), 1u);
}

// Reading needs no write permission: an archived (chmod 444) ledger is listed by `gpufleet
// ledger` (it was refused as "read-only ... records cannot be added", found by an adversarial
// tester), nothing is written to it, and what is not a ledger is still refused.
TEST(Ledger, AReadOnlyLedgerCanBeRead) {
  const std::string path = Temp("archived.db");
  OpenLedger(path)->Append(Sample("r1"));
  OpenLedger(path)->Append(Sample("r2"));
  chmod(path.c_str(), 0444);
  const std::string before = Slurp(path);
  const auto ledger = OpenLedgerForReading(path);
  EXPECT_EQ(ledger->Query({}).size(), 2u);
  LedgerFilter only_r2;
  only_r2.run_id = "r2";
  EXPECT_EQ(ledger->Query(only_r2).size(), 1u);
  EXPECT_EQ(Slurp(path), before);
  chmod(path.c_str(), 0644);
  const std::string junk = Temp("junk.db");
  std::ofstream(junk) << "not a database at all, and longer than sixteen bytes";
  EXPECT_THROW(OpenLedgerForReading(junk), InputError);
  EXPECT_THROW(OpenLedgerForReading(Temp("missing.db")), InputError);
}

// Read beside a writer that holds the ledger open (its records still in the write-ahead log):
// through a symlink the log was not seen (the listing opened the link's "-wal", absent, and read
// the file alone), and a "//" path was read as a URI's authority; a change under a read without
// locks is read again, with them. Found by an adversarial tester.
TEST(Ledger, ReadBesideAWriterThroughALinkOrAnyPathSpelling) {
  const std::string path = Temp("busy.db");
  std::remove(path.c_str());
  const auto writer = OpenLedger(path);
  writer->Append(Sample("r1"));
  writer->Append(Sample("r2"));
  const std::string link = Temp("busy-link.db");
  std::remove(link.c_str());
  ASSERT_EQ(symlink(path.c_str(), link.c_str()), 0);
  EXPECT_EQ(OpenLedgerForReading(link)->Query({}).size(), 2u);
  EXPECT_EQ(OpenLedgerForReading("/" + path)->Query({}).size(), 2u);  // "//tmp/..."
  // A listing opened before a writer came: the file changes under it, and it reads again.
  const std::string quiet = Temp("quiet.db");
  std::remove(quiet.c_str());
  OpenLedger(quiet)->Append(Sample("r1"));
  const auto reader = OpenLedgerForReading(quiet);
  OpenLedger(quiet)->Append(Sample("r2"));
  EXPECT_EQ(reader->Query({}).size(), 2u);
}

TEST(Ledger, ANewerSchemaIsRefused) {
  const std::string path = Temp("newer.db");
  OpenLedger(path)->Append(Sample());
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  ExpectRefused(path, "newer");
}

// A row edited by hand is refused naming the record and the column, never shown as a figure
// ("0 EWh (-inf to inf)" from NaN and +-1e308; found by an adversarial tester).
TEST(Ledger, HandEditedValuesAreRefusedNamingRecordAndColumn) {
  const std::pair<const char*, const char*> edits[] = {
      {"UPDATE records SET energy_kwh = 'NaN'", "energy_kwh"},
      {"UPDATE records SET energy_kwh_low = -1e308", "energy_kwh_low"},
      {"UPDATE records SET energy_kwh = -20, energy_kwh_low = -24, energy_kwh_high = -16",
       "energy_kwh"},
      {"UPDATE records SET energy_kwh_high = 9e999", "energy_kwh_high"},
      // finite but beyond any energy: printed "infeinf Wh" once converted
      {"UPDATE records SET energy_kwh = 1e308, energy_kwh_high = 1e308", "energy_kwh"},
      {"UPDATE records SET energy_kwh_low = 5", "energy_kwh"},  // low above the value
      {"UPDATE records SET duration_s = -400", "duration_s"},
      {"UPDATE devices SET energy_j = 'text'", "energy_j"},
      // a rank beyond an int was listed truncated (1215752191)
      {"UPDATE records SET rank = 99999999999", "rank"},
      {"UPDATE records SET rank = -1", "rank"},
      // a NULL value beside its range read as n/a beside a CO2e (found by an adversarial tester)
      {"UPDATE records SET energy_kwh = NULL", "energy_kwh_low"},
      {"UPDATE records SET energy_kwh = NULL, energy_kwh_low = NULL", "energy_kwh_high"},
      {"UPDATE devices SET energy_j = NULL", "energy_j_low"},
  };
  for (const auto& [sql, column] : edits) {
    const std::string path = Temp("edited.db");
    std::remove(path.c_str());
    OpenLedger(path)->Append(Sample());
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
    try {
      OpenLedger(path)->Query({});
      ADD_FAILURE() << sql;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, path);
      EXPECT_EQ(e.where().field, std::string("record 1: ") + column) << sql << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace gpufleet
