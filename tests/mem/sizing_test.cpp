// Unit tests of the memory sizing: --size parsing, the footprint and its refusals, rank shares, the sysfs cache size.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "sizing.hpp"
#include "usage_error.hpp"

namespace bb::mem {
namespace {

constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

std::string refusal(const std::string& text) {
  try {
    parse_size_bytes(text);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(ParseSizeBytes, TakesPlainBytesAndBinarySuffixesInAnyCase) {
  EXPECT_EQ(parse_size_bytes("4096"), 4096u);
  EXPECT_EQ(parse_size_bytes("0"), 0u);
  EXPECT_EQ(parse_size_bytes("8K"), 8u << 10);
  EXPECT_EQ(parse_size_bytes("8k"), 8u << 10);
  EXPECT_EQ(parse_size_bytes("512M"), 512u << 20);
  EXPECT_EQ(parse_size_bytes("512m"), 512u << 20);
  EXPECT_EQ(parse_size_bytes("2G"), 2 * kGiB);
  EXPECT_EQ(parse_size_bytes("2g"), 2 * kGiB);
  EXPECT_EQ(parse_size_bytes("007M"), 7u << 20);
  EXPECT_EQ(parse_size_bytes("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(parse_size_bytes("17179869183G"), 17179869183ull << 30);
}

TEST(ParseSizeBytes, RefusesAnythingElseNamingSizeAndWhatItTakes) {
  for (const char* text : {"12Q", "-1", "", "1.5G", "+5", "5 M", "5MB", "5MiB", "M", "0x10", " 5", "5K5", "1e9"}) {
    const std::string message = refusal(text);
    EXPECT_EQ(message.rfind("--size: '" + std::string(text) + "' is not a byte count", 0), 0u)
        << text << ": " << message;
    EXPECT_NE(message.find("binary suffix K, M or G"), std::string::npos) << message;
  }
}

TEST(ParseSizeBytes, RefusesCountsBeyondSixtyFourBits) {
  for (const char* text : {"18446744073709551616", "99999999999999999999999", "17179869184G", "18014398509481984K"}) {
    const std::string message = refusal(text);
    EXPECT_NE(message.find("more bytes than can be counted"), std::string::npos) << text << ": " << message;
  }
}

TEST(FootprintFor, HoldsThreeDoublesAndA32BitIndexPerElement) {
  const Footprint footprint = footprint_for(28 * 1000 + 27, 3);
  EXPECT_EQ(footprint.elements, 1000u);
  EXPECT_EQ(footprint.index_bytes, 4u);
  EXPECT_EQ(footprint.size_bytes(), 28000u);
  EXPECT_EQ(footprint.array_bytes(), 8000u);
}

TEST(FootprintFor, SwitchesTo64BitIndicesWhenARankHolds2To32Elements) {
  const std::uint64_t share_limit = std::uint64_t{1} << 32;
  EXPECT_EQ(footprint_for(28 * (share_limit - 1), 1).index_bytes, 4u);
  const Footprint wide = footprint_for(28 * share_limit, 1);
  EXPECT_EQ(wide.index_bytes, 8u);
  EXPECT_EQ(wide.elements, 28 * share_limit / 32);
  // The same bytes over two ranks: each share is below 2^32 again.
  EXPECT_EQ(footprint_for(28 * share_limit, 2).index_bytes, 4u);
}

TEST(RankShare, SplitsEveryElementOnceWithSharesWithinOne) {
  for (const int ranks : {1, 2, 3, 7}) {
    std::uint64_t next = 0;
    for (int rank = 0; rank < ranks; ++rank) {
      const RankShare share = rank_share(1000, rank, ranks);
      EXPECT_EQ(share.first, next);
      EXPECT_GE(share.count, 1000u / ranks);
      EXPECT_LE(share.count, 1000u / ranks + 1);
      next += share.count;
    }
    EXPECT_EQ(next, 1000u);
  }
}

SizeLimits limits(std::uint64_t llc, std::uint64_t available, int ranks = 1, int ranks_here = 1, int workers = 1) {
  return {.llc_bytes = llc, .available_bytes = available, .ranks = ranks, .ranks_here = ranks_here,
          .workers_per_rank = workers};
}

TEST(ChooseFootprint, DefaultsToFourTimesTheCacheSilently) {
  const SizeChoice choice = choose_footprint(std::nullopt, limits(28 << 20, 64 * kGiB));
  EXPECT_EQ(choice.footprint.size_bytes(), 4u * (28 << 20));
  EXPECT_EQ(choice.note, "");
}

TEST(ChooseFootprint, CapsTheDefaultAtHalfTheAvailableMemoryAndSaysSo) {
  const SizeChoice choice = choose_footprint(std::nullopt, limits(kGiB, 2 * kGiB));
  EXPECT_LE(choice.footprint.size_bytes(), kGiB);
  EXPECT_GT(choice.footprint.size_bytes(), kGiB - 28);
  EXPECT_NE(choice.note.find("more than half the memory available"), std::string::npos) << choice.note;
  // Two ranks on this node of four: the job may hold twice what this node's half allows.
  const SizeChoice spread = choose_footprint(std::nullopt, limits(kGiB, 2 * kGiB, 4, 2));
  EXPECT_GT(spread.footprint.size_bytes(), 2 * kGiB - 4 * 28);
  EXPECT_LE(spread.footprint.size_bytes(), 2 * kGiB);
}

TEST(ChooseFootprint, SaysSoWhenTheCacheSizeIsUnknown) {
  const SizeChoice choice = choose_footprint(std::nullopt, limits(0, 64 * kGiB));
  EXPECT_EQ(choice.footprint.size_bytes(), kGiB / 28 * 28);
  EXPECT_NE(choice.note.find("could not be read"), std::string::npos) << choice.note;
}

TEST(ChooseFootprint, TakesARequestedSizeAsTheWholeJobs) {
  const SizeChoice choice = choose_footprint(28 << 20, limits(kGiB, 64 * kGiB, 3, 3));
  EXPECT_EQ(choice.footprint.size_bytes(), std::uint64_t{28} << 20);
  EXPECT_EQ(choice.note, "");
}

std::string choice_refusal(std::uint64_t requested, const SizeLimits& given) {
  try {
    choose_footprint(requested, given);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(ChooseFootprint, RefusesASizeBeyondTheAvailableMemoryWithTheNumbers) {
  const std::string message = choice_refusal(4 * kGiB, limits(kGiB, 3 * kGiB));
  EXPECT_EQ(message.rfind("--size: needs 4294967292 bytes (4.0 GiB) on this node", 0), 0u) << message;
  EXPECT_NE(message.find("only 3221225472 bytes (3.0 GiB) is available"), std::string::npos) << message;
  // Only this node's ranks count: two of four ranks here need half of it.
  EXPECT_EQ(choice_refusal(4 * kGiB, limits(kGiB, 3 * kGiB, 4, 2)), "accepted");
}

TEST(ChooseFootprint, RefusesASizeThatLeavesAWorkerWithoutAnElement) {
  const std::string message = choice_refusal(100, limits(kGiB, kGiB, 2, 2, 2));
  EXPECT_EQ(message.rfind("--size: 100 bytes (100.0 B) holds 3 element(s) of 28 bytes", 0), 0u) << message;
  EXPECT_NE(message.find("fewer than the 4 worker(s) need (one each); use at least 112"), std::string::npos) << message;
  EXPECT_EQ(choice_refusal(112, limits(kGiB, kGiB, 2, 2, 2)), "accepted");
  EXPECT_NE(choice_refusal(0, limits(kGiB, kGiB)), "accepted");
}

TEST(LastLevelCache, IsTheLargestLevelOfDataOrUnifiedCaches) {
  const std::filesystem::path folder = std::filesystem::path(testing::TempDir()) / "bb_mem_cache_test";
  std::filesystem::remove_all(folder);
  const auto add = [&](const std::string& index, const std::string& level, const std::string& type,
                       const std::string& size) {
    std::filesystem::create_directories(folder / index);
    std::ofstream(folder / index / "level") << level << '\n';
    std::ofstream(folder / index / "type") << type << '\n';
    std::ofstream(folder / index / "size") << size << '\n';
  };
  add("index0", "1", "Data", "48K");
  add("index1", "1", "Instruction", "32K");
  add("index2", "2", "Unified", "2048K");
  EXPECT_EQ(last_level_cache_from_sysfs(folder.string()), 2048u << 10);
  add("index3", "3", "Unified", "32M");
  EXPECT_EQ(last_level_cache_from_sysfs(folder.string()), 32u << 20);
  add("index4", "4", "Instruction", "1G");
  EXPECT_EQ(last_level_cache_from_sysfs(folder.string()), 32u << 20);
  EXPECT_EQ(last_level_cache_from_sysfs((folder / "missing").string()), 0u);
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace bb::mem
