// The command line as one table: each command's name, help, options and
// handler. Parsing, `newswatch help`, the man page and the bash completion
// are all read from it.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace nw::cli {

// One option of a command: a flag (`value` empty) or an option taking a value.
struct Option {
  std::string name;   // "-c", "--json"
  std::string value;  // what the value is called ("FILE"), "" for a flag
  std::string help;   // one line, for the man page
  // What the shell completes the value with: "file", "dir", "level", "" nothing.
  std::string completes;
};

// A command's options as given: flags, options with values (repeatable), positionals.
struct Args {
  std::map<std::string, std::vector<std::string>> options;
  std::vector<std::string> flags;
  std::vector<std::string> positional;

  bool has(const std::string& flag) const;
  // The last value given for `name`, else `fallback`.
  std::string value(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> values(const std::string& name) const;
};

// Bad usage: the command line names no such command or option, or lacks one (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Command {
  std::string name;
  std::string synopsis;     // "run -c FILE [--log-level LEVEL]"
  std::string description;  // what `help COMMAND` says under the synopsis
  std::vector<Option> options;
  // What the positionals complete with ("file", "command", "shell", ""), for the shell.
  std::string positionals;
  // Logs at --log-level (run, once); otherwise at "warn".
  bool log_level_option = false;
  std::function<int(const Args&)> handler;
};

// Every command, in the order `newswatch help` lists them (by name).
const std::vector<Command>& commands();
// The command called `name`, or nullptr.
const Command* find_command(const std::string& name);

// Reads `args` from index `first` on as options of `command` ("--config" is "-c";
// "--name=value" is "--name value"). Throws UsageError.
Args parse_args(const std::vector<std::string>& args, std::size_t first, const Command& command);

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_error = 1;
inline constexpr int k_exit_usage = 2;

}  // namespace nw::cli
