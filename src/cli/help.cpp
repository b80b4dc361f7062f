// The command table read back: `newswatch help`, the man page and the bash
// completion script.
#include "cli/help.hpp"

#include <iostream>
#include <sstream>

#include "cli/handlers.hpp"

namespace nw::cli {
namespace {

// roff text: backslashes escaped, and a line may not start with a control character.
std::string roff(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

// Every command's name, space-separated.
std::string command_names() {
  std::string names;
  for (const auto& c : commands()) names += (names.empty() ? "" : " ") + c.name;
  return names;
}

// What completes `kind` ("file", "dir", "level", "command", "shell") in bash, or "".
std::string completer(const std::string& kind) {
  if (kind == "file") return "compgen -f -- \"$cur\"";
  if (kind == "dir") return "compgen -d -- \"$cur\"";
  if (kind == "level") return "compgen -W \"trace debug info warn error critical off\" -- \"$cur\"";
  if (kind == "shell") return "compgen -W \"bash\" -- \"$cur\"";
  if (kind == "command") return "compgen -W \"" + command_names() + "\" -- \"$cur\"";
  return "";
}

}  // namespace

void print_usage(std::ostream& out) {
  out << "usage: newswatch COMMAND [OPTIONS]\n\ncommands:\n";
  for (const auto& c : commands()) out << "  " << c.synopsis << '\n';
  out << "\n  --version   print the version\n";
}

void print_command_help(std::ostream& out, const Command& command) {
  out << "usage: newswatch " << command.synopsis << "\n  " << command.description << '\n';
}

std::string man_page() {
  std::ostringstream out;
  out << ".TH NEWSWATCH 1 \"\" \"newswatch " NEWSWATCH_VERSION "\" \"User Commands\"\n"
      << ".SH NAME\nnewswatch \\- watches the news for figures\n"
      << ".SH SYNOPSIS\n.B newswatch\n.I COMMAND\n[\\fIOPTIONS\\fR]\n"
      << ".SH DESCRIPTION\n"
      << "newswatch polls RSS, Atom, RDF and JSON feeds and web pages, keeps each article once, "
         "stores the figures its rule packs describe as claims with their quote and source, and "
         "raises an alert when a new report's figure diverges from every earlier one.\n"
      << ".SH COMMANDS\n";
  for (const auto& c : commands()) {
    out << ".TP\n.B newswatch " << roff(c.synopsis) << '\n' << roff(c.description) << '\n';
    if (c.options.empty()) continue;
    out << ".RS\n";
    for (const auto& o : c.options) {
      out << ".TP\n.B " << roff(o.name);
      if (!o.value.empty()) out << " \\fI" << roff(o.value) << "\\fR";
      out << '\n' << roff(o.help) << '\n';
    }
    out << ".RE\n";
  }
  out << ".TP\n.B newswatch \\-\\-version\nPrints the version.\n"
      << ".SH EXIT STATUS\n0 on success (for once, even when some feeds failed); 1 for a bad "
         "config, an unusable database or another failure; 2 for bad usage.\n"
      << ".SH FILES\n.TP\n.I /etc/newswatch/newswatch.toml\nThe service's configuration (TOML); "
         "relative paths in it resolve against its folder.\n"
      << ".SH SEE ALSO\n.BR systemctl (1),\n.BR journalctl (1)\n";
  return out.str();
}

std::string bash_completion() {
  std::ostringstream out;
  out << "# bash completion for newswatch (generated from its command table)\n"
      << "_newswatch() {\n"
      << "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      << "  if [[ $COMP_CWORD -eq 1 ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"" << command_names() << " --version\" -- \"$cur\"))\n"
      << "    return\n  fi\n"
      << "  local opts=\"\" words=\"\"\n"
      << "  case \"${COMP_WORDS[1]}\" in\n";
  for (const auto& c : commands()) {
    out << "    " << c.name << ")\n      case \"$prev\" in\n";
    for (const auto& o : c.options) {
      if (o.value.empty()) continue;
      const std::string names = o.name == "-c" ? "-c|--config" : o.name;
      const std::string complete = completer(o.completes);
      out << "        " << names << ") "
          << (complete.empty() ? "" : "COMPREPLY=($(" + complete + ")); ") << "return ;;\n";
    }
    out << "      esac\n      opts=\"";
    for (std::size_t i = 0; i < c.options.size(); ++i) {
      out << (i ? " " : "") << c.options[i].name << (c.options[i].name == "-c" ? " --config" : "");
    }
    out << "\"\n      words=\"" << c.positionals << "\"\n      ;;\n";
  }
  out << "    *) return ;;\n  esac\n"
      << "  if [[ $cur == -* ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
      << "  else\n    case \"$words\" in\n";
  for (const char* kind : {"file", "command", "shell"}) {
    out << "      " << kind << ") COMPREPLY=($(" << completer(kind) << ")) ;;\n";
  }
  out << "    esac\n  fi\n}\ncomplete -o filenames -F _newswatch newswatch\n";
  return out.str();
}

int cmd_help(const Args& a) {
  if (!a.positional.empty()) {
    const Command* c = find_command(a.positional[0]);
    if (!c) {
      std::cerr << "newswatch: no command '" << a.positional[0] << "'\n";
      return k_exit_usage;
    }
    print_command_help(std::cout, *c);
    return k_exit_ok;
  }
  print_usage(std::cout);
  return k_exit_ok;
}

int cmd_completion(const Args& a) {
  if (a.positional.size() != 1 || a.positional[0] != "bash") {
    throw UsageError("completion takes one shell: bash");
  }
  std::cout << bash_completion();
  return k_exit_ok;
}

}  // namespace nw::cli
