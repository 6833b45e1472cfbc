// Parses with CLI11 and turns every parse or validation failure into one line on stderr and exit 2.
#include "cli.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>

#include "exit_codes.hpp"
#include "usage_error.hpp"

namespace bb {

namespace {

bool is_column_name(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::pair<std::string, std::string> split_param(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos) {
    throw UsageError("--param", "'" + text + "' is not NAME=VALUE (e.g. --param latency_ms=10)");
  }
  std::string name = text.substr(0, equals);
  std::string value = text.substr(equals + 1);
  if (!is_column_name(name)) {
    throw UsageError("--param", "name '" + name + "' must be lowercase letters, digits and _ (not starting with a digit)");
  }
  if (value.find_first_of("\r\n") != std::string::npos) {
    throw UsageError("--param", "value of '" + name + "' must be on one line");
  }
  return {name, value};
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// The long option whose name `typed` is closest to: a prefix either way, else one of the same
// first letters; empty when none looks meant.
std::string closest_option(const CLI::App& app, const std::string& typed) {
  const std::string bare = typed.substr(typed.find_first_not_of('-'));
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) {
      if (!bare.empty() && (name.rfind(bare, 0) == 0 || bare.rfind(name, 0) == 0)) return "--" + name;
    }
  }
  return {};
}

// CLI11's wording ("At Most 1 required but received 3", "The following arguments were not
// expected: 3 --repeat") turned into one line that names the option and the fix.
std::string plain_message(CLI::App& app, const CLI::ParseError& error) {
  const std::string text = one_line(error.what());
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    const std::vector<std::string> extras = app.remaining();
    for (const auto& extra : extras) {
      if (extra.rfind("-", 0) != 0) continue;
      const std::string meant = closest_option(app, extra);
      return extra + " is not an option" + (meant.empty() ? "" : "; did you mean " + meant + "?");
    }
    const std::string first = extras.empty() ? std::string("?") : extras.front();
    return "'" + first + "' was not expected: a value follows its option (e.g. --repeats 3)";
  }
  const auto at_most = text.find(": At Most 1 required");
  if (at_most != std::string::npos) return text.substr(0, at_most) + ": given more than once; give it once";
  const auto missing = text.find(": 1 required ");
  if (missing != std::string::npos && text.size() > missing + 13) {
    const std::string name = text.substr(0, missing);
    const std::string kind = text.substr(missing + 13, text.find(" missing") - missing - 13);
    return name + ": needs a value (" + kind + ")";
  }
  return text;
}

}  // namespace

const CLI::Validator& decimal() {
  static const CLI::Validator validator(
      [](std::string& text) -> std::string {
        const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
          return c >= '0' && c <= '9';
        });
        if (!digits) return "'" + text + "' is not a whole decimal number";
        text.erase(0, std::min(text.find_first_not_of('0'), text.size() - 1));
        return {};
      },
      "", "decimal");
  return validator;
}

void add_common_options(CLI::App& app, CommonOptions& options) {
  app.add_option("--repeats", options.repeats, "Timed repeats; each prints one CSV row")
      ->transform(decimal())
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--warmup", options.warmup, "Untimed warm-up runs before the repeats (not printed)")
      ->transform(decimal())
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  app.add_flag("--csv", options.csv, "Print a CSV header and one row per repeat on stdout");
  app.add_flag("--csv-header", options.header_only,
               "Print only the CSV header (with the --param columns) and exit, running nothing");
  // Answered before parsing (describe_requested), so it needs no other option and no launcher.
  app.add_flag("--describe")->description("Print one JSON line saying what this model is and how to run it, and exit");
  app.add_option_function<std::vector<std::string>>(
         "--param",
         [&options](const std::vector<std::string>& texts) {
           for (const auto& text : texts) options.params.push_back(split_param(text));
         },
         "Append a constant CSV column NAME with VALUE (repeatable), e.g. latency_ms=10")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  app.set_version_flag("--version", std::string("boundbench ") + BB_VERSION + " (" + BB_GIT_REV + ")");
}

void validate_params(const Params& params, const std::vector<std::string>& columns) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& name = params[i].first;
    const bool clashes = std::find(columns.begin(), columns.end(), name) != columns.end();
    const bool repeated = std::any_of(params.begin(), params.begin() + static_cast<long>(i),
                                      [&](const auto& earlier) { return earlier.first == name; });
    if (clashes || repeated) {
      throw UsageError("--param", "column '" + name + "' already exists; pick another name");
    }
  }
}

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv, bool report,
                                      const std::function<void()>& validate) {
  const std::string program = app.get_name();
  try {
    app.parse(argc, argv);
    if (validate) validate();
    return std::nullopt;
  } catch (const CLI::CallForHelp&) {
    if (report) std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForVersion& version) {
    if (report) std::cout << version.what() << '\n';
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    if (report) std::cerr << program << ": error: " << plain_message(app, error) << " (see --help)\n";
    return kExitUsage;
  } catch (const UsageError& error) {
    if (report) std::cerr << program << ": error: " << one_line(error.what()) << " (see --help)\n";
    return kExitUsage;
  }
}

}  // namespace bb
