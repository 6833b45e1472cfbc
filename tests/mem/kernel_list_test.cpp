// Unit tests of the --kernel list and of the bytes STREAM counts per kernel.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernel_list.hpp"
#include "usage_error.hpp"

namespace bb::mem {
namespace {

std::vector<std::string> names(const std::string& text) {
  std::vector<std::string> out;
  for (const Kernel kernel : parse_kernel_list(text)) out.push_back(kernel_name(kernel));
  return out;
}

TEST(ParseKernelList, RunsTheChosenKernelsInTheFixedOrder) {
  EXPECT_EQ(names("copy,scale,add,triad,gather"),
            (std::vector<std::string>{"copy", "scale", "add", "triad", "gather"}));
  EXPECT_EQ(names("gather,triad"), (std::vector<std::string>{"triad", "gather"}));
  EXPECT_EQ(names("scale"), (std::vector<std::string>{"scale"}));
}

TEST(ParseKernelList, RefusesUnknownEmptyAndRepeatedNames) {
  for (const char* text : {"bogus", "", "copy,", ",copy", "copy,,add", "Copy", "triad,dot"}) {
    try {
      parse_kernel_list(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const UsageError& error) {
      EXPECT_EQ(std::string(error.what()).rfind("--kernel: '", 0), 0u) << error.what();
      EXPECT_NE(std::string(error.what()).find("copy,scale,add,triad,gather"), std::string::npos) << error.what();
    }
  }
  try {
    parse_kernel_list("add,copy,add");
    ADD_FAILURE() << "accepted a repeated kernel";
  } catch (const UsageError& error) {
    EXPECT_EQ(std::string(error.what()), "--kernel: 'add' is named twice in 'add,copy,add'");
  }
}

TEST(CountedBytes, FollowStreamAndCountTheGathersIndex) {
  EXPECT_EQ(counted_bytes_per_element(Kernel::copy, 4), 16u);
  EXPECT_EQ(counted_bytes_per_element(Kernel::scale, 4), 16u);
  EXPECT_EQ(counted_bytes_per_element(Kernel::add, 4), 24u);
  EXPECT_EQ(counted_bytes_per_element(Kernel::triad, 8), 24u);
  EXPECT_EQ(counted_bytes_per_element(Kernel::gather, 4), 20u);
  EXPECT_EQ(counted_bytes_per_element(Kernel::gather, 8), 24u);
}

}  // namespace
}  // namespace bb::mem
