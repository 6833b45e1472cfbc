// Writes the --describe line by hand: a flat object of strings, numbers and string lists needs no JSON library.
#include "model_description.hpp"

#include <cstdio>
#include <cstring>

namespace bb {

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + quoted(items[i]);
  return out + "]";
}

// A flag declared with a default value (--gil{5}) still accepts --gil=MS, so it counts as taking a value.
bool takes_value(const CLI::Option& option) {
  return option.get_expected_max() != 0 || !option.get_type_name().empty();
}

}  // namespace

bool describe_requested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--") == 0) return false;
    if (std::strcmp(argv[i], "--describe") == 0) return true;
  }
  return false;
}

std::string describe_json(const ModelDescription& model, const CLI::App& app, const std::vector<std::string>& columns) {
  std::vector<std::string> options;
  std::vector<std::string> flags;
  for (const CLI::Option* option : app.get_options()) {
    const auto& long_names = option->get_lnames();
    if (long_names.empty()) continue;
    (takes_value(*option) ? options : flags).push_back("--" + long_names.front());
  }
  return "{\"name\":" + quoted(model.name) + ",\"suite\":" + quoted(model.suite) + ",\"language\":\"C++\"" +
         ",\"kind\":" + quoted(model.kind) + ",\"launch\":" + quoted(model.launch) +
         ",\"sequential\":" + (model.sequential ? "true" : "false") +
         ",\"default_workers\":" + std::to_string(model.default_workers) + ",\"workers\":" + quoted(model.workers) +
         ",\"description\":" + quoted(model.description) + ",\"revision\":" + quoted(BB_GIT_REV) +
         ",\"build_type\":" + quoted(BB_BUILD_TYPE) + ",\"options\":" + quoted_list(options) +
         ",\"flags\":" + quoted_list(flags) + ",\"columns\":" + quoted_list(columns) + "}";
}

}  // namespace bb
