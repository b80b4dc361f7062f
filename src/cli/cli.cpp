#include "cli/cli.hpp"

#include <iostream>

#include "cli/help.hpp"
#include "config/config.hpp"
#include "daemon/logging.hpp"

namespace nw::cli {

int run_command_line(const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] == "-h" || args[1] == "--help") {
    print_usage(args.size() < 2 ? std::cerr : std::cout);
    return args.size() < 2 ? k_exit_usage : k_exit_ok;
  }
  const std::string& name = args[1];
  if (name == "--version" || name == "version") {
    std::cout << "newswatch " NEWSWATCH_VERSION "\n";
    return k_exit_ok;
  }
  const Command* command = find_command(name);
  if (name == "help") {
    // `help` takes whatever follows as names, options included.
    Args a;
    a.positional.assign(args.begin() + 2, args.end());
    return command->handler(a);
  }
  try {
    if (!command) {
      daemon::setup_logging("warn");
      std::cerr << "newswatch: unknown command '" << name << "' (see newswatch help)\n";
      return k_exit_usage;
    }
    if (!command->log_level_option) daemon::setup_logging("warn");
    const Args a = parse_args(args, 2, *command);
    if (command->log_level_option) {
      try {
        daemon::setup_logging(a.value("--log-level"));
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
    }
    return command->handler(a);
  } catch (const UsageError& e) {
    std::cerr << "newswatch " << name << ": " << e.what() << " (see newswatch help " << name
              << ")\n";
    return k_exit_usage;
  } catch (const config::ConfigError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << '\n';
    return k_exit_error;
  } catch (const std::exception& e) {
    std::cerr << "newswatch: " << e.what() << '\n';
    return k_exit_error;
  }
}

}  // namespace nw::cli
