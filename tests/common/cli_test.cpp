// Unit tests of the command-line policy: common options, one-line errors, exit codes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli.hpp"
#include "exit_codes.hpp"
#include "usage_error.hpp"

namespace {

struct Parsed {
  std::optional<int> code;
  std::string out;
  std::string err;
};

Parsed parse(std::vector<std::string> args, bb::CommonOptions& options,
             const std::function<void()>& validate = {}) {
  CLI::App app{"test program", "prog"};
  bb::add_common_options(app, options);
  args.insert(args.begin(), "prog");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  Parsed parsed;
  parsed.code = bb::parse_command_line(app, static_cast<int>(argv.size()), argv.data(), true, validate);
  parsed.out = testing::internal::GetCapturedStdout();
  parsed.err = testing::internal::GetCapturedStderr();
  return parsed;
}

int line_count(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST(CommonOptions, DefaultsMatchTheDesign) {
  bb::CommonOptions options;
  const Parsed parsed = parse({}, options);
  EXPECT_FALSE(parsed.code.has_value());
  EXPECT_EQ(options.repeats, 5);
  EXPECT_EQ(options.warmup, 1);
  EXPECT_FALSE(options.csv);
  EXPECT_TRUE(options.params.empty());
}

TEST(CommonOptions, ParamsAreKeptInOrder) {
  bb::CommonOptions options;
  const Parsed parsed = parse({"--param", "latency_ms=10", "--param", "site=a=b", "--csv"}, options);
  ASSERT_FALSE(parsed.code.has_value()) << parsed.err;
  ASSERT_EQ(options.params.size(), 2u);
  EXPECT_EQ(options.params[0], (std::pair<std::string, std::string>{"latency_ms", "10"}));
  EXPECT_EQ(options.params[1], (std::pair<std::string, std::string>{"site", "a=b"}));
  EXPECT_TRUE(options.csv);
}

TEST(CommonOptions, BadValuesGiveOneLineNamingTheOptionAndExit2) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--repeats", "0"}, "--repeats"},   {{"--repeats", "-3"}, "--repeats"}, {{"--warmup", "x"}, "--warmup"},
      {{"--param", "novalue"}, "--param"}, {{"--param", "Bad=1"}, "--param"}, {{"--bogus"}, "--bogus"},
  };
  for (const auto& [args, option] : cases) {
    bb::CommonOptions options;
    const Parsed parsed = parse(args, options);
    ASSERT_TRUE(parsed.code.has_value()) << option;
    EXPECT_EQ(*parsed.code, bb::kExitUsage) << option;
    EXPECT_EQ(parsed.out, "") << option;
    EXPECT_EQ(line_count(parsed.err), 1) << parsed.err;
    EXPECT_NE(parsed.err.find(option), std::string::npos) << parsed.err;
    EXPECT_EQ(parsed.err.rfind("prog: error: ", 0), 0u) << parsed.err;
  }
}

TEST(CommonOptions, ValidatorErrorsFollowTheSamePolicy) {
  bb::CommonOptions options;
  const Parsed parsed = parse({}, options, [] { throw bb::UsageError("--tasks", "is empty"); });
  ASSERT_TRUE(parsed.code.has_value());
  EXPECT_EQ(*parsed.code, bb::kExitUsage);
  EXPECT_EQ(parsed.err, "prog: error: --tasks: is empty (see --help)\n");
}

TEST(CommonOptions, HelpGoesToStdoutAndExits0) {
  bb::CommonOptions options;
  const Parsed parsed = parse({"--help"}, options);
  ASSERT_TRUE(parsed.code.has_value());
  EXPECT_EQ(*parsed.code, bb::kExitOk);
  EXPECT_NE(parsed.out.find("--repeats"), std::string::npos);
  EXPECT_EQ(parsed.err, "");
}

TEST(ValidateParams, RefusesClashesWithSuiteColumnsAndRepeats) {
  const std::vector<std::string> columns = {"suite", "wall_s"};
  EXPECT_THROW(bb::validate_params({{"wall_s", "1"}}, columns), bb::UsageError);
  EXPECT_THROW(bb::validate_params({{"a", "1"}, {"a", "2"}}, columns), bb::UsageError);
  EXPECT_NO_THROW(bb::validate_params({{"latency_ms", "1"}}, columns));
}
