// Where tests find the repository, the built binary, ../shared and scratch space.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace nw::test {

std::filesystem::path source_dir();
std::filesystem::path data_dir();  // tests/data
std::filesystem::path binary();    // the built `newswatch`

// ../shared beside the repository, or nullopt (tests then GTEST_SKIP with a message).
std::optional<std::filesystem::path> shared_dir();

// A fresh, empty directory removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

// Writes `content` to `path`, creating parent folders.
void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);

// Runs a shell command, returns its exit status and captured stdout (stderr to `err` if given).
struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};
CommandResult run_command(const std::string& command);

}  // namespace nw::test
