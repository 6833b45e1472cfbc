// The one-process default of FetchGroup::parse: parse and check here, print here.
#include "fetch_group.hpp"

#include "cli.hpp"

namespace bb::io {

std::optional<int> FetchGroup::parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) {
  return parse_command_line(app, argc, argv, true, validate);
}

}  // namespace bb::io
