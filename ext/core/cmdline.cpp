#include "core/cmdline.h"

#include <cstddef>

namespace sd {

namespace {

// e is one of the lines of cli_ini.
bool cli_default_entry(const std::string &e, const std::string &cli_ini)
{
    std::string lines = "\n" + cli_ini + (cli_ini.empty() || cli_ini.back() != '\n' ? "\n" : "");
    return lines.find("\n" + e + "\n") != std::string::npos;
}

}  // namespace

std::vector<std::string> php_ini_args(const PhpInvocation &php, CliDefaults defaults)
{
    std::vector<std::string> args;
    if (php.no_ini) args.emplace_back("-n");
    if (!php.ini_path.empty()) {
        args.emplace_back("-c");
        args.push_back(php.ini_path);
    }
    const std::string &all = php.ini_entries;
    const std::string &cli = php.cli_ini;
    std::size_t i = !cli.empty() && all.compare(0, cli.size(), cli) == 0 ? cli.size() : 0;
    while (i < all.size()) {
        std::size_t nl = all.find('\n', i);
        if (nl == std::string::npos) nl = all.size();
        std::string e = all.substr(i, nl - i);
        if (!e.empty() && !(defaults == CliDefaults::Drop && cli_default_entry(e, cli))) {
            args.emplace_back("-d");
            args.push_back(e);
        }
        i = nl + 1;
    }
    return args;
}

std::string absolute_script(const std::string &script, const std::string &cwd)
{
    if (script.empty() || script[0] == '/' || script == "-" || cwd.empty()) return script;
    return cwd + "/" + script;
}

std::vector<std::string> php_command_line(const PhpInvocation &php, CliDefaults defaults, const std::string &cwd,
                                          const std::string &fallback_binary)
{
    std::vector<std::string> cmd{php.binary.empty() ? fallback_binary : php.binary};
    std::vector<std::string> ini = php_ini_args(php, defaults);
    cmd.insert(cmd.end(), ini.begin(), ini.end());
    for (std::size_t k = 0; k < php.argv.size(); ++k)
        cmd.push_back(k ? php.argv[k] : absolute_script(php.argv[k], cwd));
    return cmd;
}

std::vector<std::string> daemon_command(const std::string &php_bin, const std::vector<std::string> &php_args,
                                        const std::string &script, bool run_directly)
{
    if (run_directly) return {script};
    std::vector<std::string> cmd{php_bin};
    cmd.insert(cmd.end(), php_args.begin(), php_args.end());
    cmd.push_back(script);
    return cmd;
}

size_t script_position(const std::vector<std::string> &command_line)
{
    size_t i = 1;
    while (i < command_line.size()) {
        const std::string &w = command_line[i];
        if (w == "-d" || w == "-c")
            i += 2;
        else if (w == "-n")
            ++i;
        else
            break;
    }
    return i < command_line.size() ? i : command_line.size();
}

std::vector<std::string> lint_command_line(const std::vector<std::string> &command_line)
{
    size_t at = script_position(command_line);
    if (at >= command_line.size()) return {};
    std::vector<std::string> lint(command_line.begin(), command_line.begin() + static_cast<std::ptrdiff_t>(at));
    lint.push_back("-l");
    lint.push_back(command_line[at]);
    return lint;
}

}  // namespace sd
