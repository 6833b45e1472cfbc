// Parses byte counts, reads the cache size from sysconf or sysfs, and refuses footprints out of reach with the numbers.
#include "sizing.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>

#include "available_memory.hpp"
#include "usage_error.hpp"

namespace bb::mem {

namespace {

constexpr std::uint64_t kMaxBytes = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kUnknownCacheDefault = std::uint64_t{1} << 30;
constexpr std::uint64_t kIndex32Limit = std::uint64_t{1} << 32;

// Reads "307200K", "32M" or a plain number; 0 when the text is none of these or overflows.
std::uint64_t sysfs_bytes(const std::string& text) {
  std::uint64_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    if (value > (kMaxBytes - 9) / 10) return 0;
    value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  const std::string unit = text.substr(i);
  if (unit.empty()) return value;
  const int shift = unit == "K" ? 10 : unit == "M" ? 20 : unit == "G" ? 30 : -1;
  if (shift < 0 || value > (kMaxBytes >> shift)) return 0;
  return value << shift;
}

std::string first_word(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string word;
  in >> word;
  return word;
}

std::string bytes_text(std::uint64_t bytes) {
  return std::to_string(bytes) + " bytes (" + human_bytes(static_cast<double>(bytes)) + ")";
}

// The largest share any rank gets, which sets the index width and the memory of the busiest node.
std::uint64_t largest_share(std::uint64_t elements, int ranks) {
  const auto count = static_cast<std::uint64_t>(ranks);
  return elements / count + (elements % count != 0 ? 1 : 0);
}

// Bytes this node holds: its ranks' shares at the largest share each (an upper bound by at most ranks_here elements).
std::uint64_t node_bytes(const Footprint& footprint, const SizeLimits& limits) {
  const unsigned __int128 bytes = static_cast<unsigned __int128>(largest_share(footprint.elements, limits.ranks)) *
                                  static_cast<unsigned>(limits.ranks_here) * footprint.bytes_per_element();
  return bytes > kMaxBytes ? kMaxBytes : static_cast<std::uint64_t>(bytes);
}

}  // namespace

std::uint64_t parse_size_bytes(const std::string& text) {
  const auto refuse = [&](const std::string& why) {
    throw UsageError("--size", "'" + text + "' " + why +
                                   "; give whole bytes, optionally with a binary suffix K, M or G (e.g. 512M, 2G)");
  };
  std::size_t digits = 0;
  std::uint64_t value = 0;
  for (; digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])); ++digits) {
    const auto digit = static_cast<std::uint64_t>(text[digits] - '0');
    if (value > (kMaxBytes - digit) / 10) refuse("is more bytes than can be counted (2^64-1 at most)");
    value = value * 10 + digit;
  }
  if (digits == 0 || text.size() > digits + 1) refuse("is not a byte count");
  if (text.size() == digits) return value;
  const char suffix = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  const int shift = suffix == 'K' ? 10 : suffix == 'M' ? 20 : suffix == 'G' ? 30 : -1;
  if (shift < 0) refuse("is not a byte count");
  if (value > (kMaxBytes >> shift)) refuse("is more bytes than can be counted (2^64-1 at most)");
  return value << shift;
}

std::uint64_t last_level_cache_from_sysfs(const std::string& cache_folder) {
  std::error_code error;
  int best_level = 0;
  std::uint64_t best_bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(cache_folder, error)) {
    if (entry.path().filename().string().rfind("index", 0) != 0) continue;
    if (first_word(entry.path() / "type") == "Instruction") continue;
    const int level = std::atoi(first_word(entry.path() / "level").c_str());
    const std::uint64_t bytes = sysfs_bytes(first_word(entry.path() / "size"));
    if (bytes > 0 && level > best_level) {
      best_level = level;
      best_bytes = bytes;
    }
  }
  return best_bytes;
}

std::uint64_t last_level_cache_bytes() {
  for (const int name : {_SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE}) {
    const long bytes = sysconf(name);
    if (bytes > 0) return static_cast<std::uint64_t>(bytes);
  }
  return last_level_cache_from_sysfs("/sys/devices/system/cpu/cpu0/cache");
}

Footprint footprint_for(std::uint64_t bytes, int ranks) {
  Footprint footprint{bytes / (3 * sizeof(double) + 4), 4};
  // A share of 2^32 elements or more needs 64-bit indices, and then fewer elements fit.
  if (largest_share(footprint.elements, ranks) >= kIndex32Limit) footprint = {bytes / (3 * sizeof(double) + 8), 8};
  return footprint;
}

SizeChoice choose_footprint(std::optional<std::uint64_t> requested, const SizeLimits& limits) {
  SizeChoice choice;
  if (requested) {
    choice.footprint = footprint_for(*requested, limits.ranks);
  } else {
    const bool cache_known = limits.llc_bytes > 0 && limits.llc_bytes <= kMaxBytes / 4;
    const std::uint64_t wanted = cache_known ? 4 * limits.llc_bytes : kUnknownCacheDefault;
    const std::string default_text =
        cache_known ? "4x the last-level cache, " + bytes_text(wanted)
                    : bytes_text(wanted) + " (the last-level cache size could not be read)";
    choice.footprint = footprint_for(wanted, limits.ranks);
    const std::uint64_t cap = limits.available_bytes / 2;
    if (node_bytes(choice.footprint, limits) > cap) {
      // Scale the whole job so that this node's ranks hold half of its available memory.
      const unsigned __int128 total = static_cast<unsigned __int128>(cap) * static_cast<unsigned>(limits.ranks) /
                                      static_cast<unsigned>(limits.ranks_here);
      choice.footprint = footprint_for(static_cast<std::uint64_t>(total), limits.ranks);
      choice.note = "--size not given: the default, " + default_text + ", is more than half the memory available (" +
                    bytes_text(limits.available_bytes) + "); using " + bytes_text(choice.footprint.size_bytes());
    } else if (!cache_known) {
      choice.note = "--size not given: using " + default_text;
    }
  }
  const Footprint& footprint = choice.footprint;
  const std::uint64_t workers =
      static_cast<std::uint64_t>(limits.ranks) * static_cast<std::uint64_t>(limits.workers_per_rank);
  if (footprint.elements < workers) {
    throw UsageError("--size", bytes_text(requested.value_or(footprint.size_bytes())) + " holds " +
                                   std::to_string(footprint.elements) + " element(s) of " +
                                   std::to_string(footprint.bytes_per_element()) +
                                   " bytes (three doubles and an index), fewer than the " + std::to_string(workers) +
                                   " worker(s) need (one each); use at least " +
                                   std::to_string(workers * footprint.bytes_per_element()) + " bytes");
  }
  const std::uint64_t needed = node_bytes(footprint, limits);
  if (needed > limits.available_bytes) {
    throw UsageError("--size", "needs " + bytes_text(needed) + " on this node (" + std::to_string(limits.ranks_here) +
                                   " rank(s) here) but only " + bytes_text(limits.available_bytes) +
                                   " is available; use a smaller --size");
  }
  return choice;
}

RankShare rank_share(std::uint64_t elements, int rank, int ranks) {
  const auto begin = static_cast<std::uint64_t>(static_cast<unsigned __int128>(elements) *
                                                static_cast<unsigned>(rank) / static_cast<unsigned>(ranks));
  const auto end = static_cast<std::uint64_t>(static_cast<unsigned __int128>(elements) *
                                              static_cast<unsigned>(rank + 1) / static_cast<unsigned>(ranks));
  return {begin, end - begin};
}

}  // namespace bb::mem
