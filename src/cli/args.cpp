#include <algorithm>

#include "cli/command.hpp"

namespace nw::cli {

bool Args::has(const std::string& flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
  auto it = options.find(name);
  return it == options.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> Args::values(const std::string& name) const {
  auto it = options.find(name);
  return it == options.end() ? std::vector<std::string>{} : it->second;
}

const Command* find_command(const std::string& name) {
  for (const auto& c : commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Args parse_args(const std::vector<std::string>& args, std::size_t first, const Command& command) {
  Args out;
  for (std::size_t i = first; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "-" || a.empty() || a[0] != '-') {
      out.positional.push_back(a);
      continue;
    }
    std::string inline_value;
    bool has_inline = false;
    if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
      inline_value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_inline = true;
    }
    if (a == "--config") a = "-c";
    const auto option = std::find_if(command.options.begin(), command.options.end(),
                                     [&](const Option& o) { return o.name == a; });
    if (option == command.options.end()) throw UsageError("unknown option " + a);
    if (!option->value.empty()) {
      if (!has_inline && i + 1 >= args.size()) throw UsageError(a + " needs a value");
      out.options[a].push_back(has_inline ? inline_value : args[++i]);
    } else {
      out.flags.push_back(a);
    }
  }
  return out;
}

}  // namespace nw::cli
