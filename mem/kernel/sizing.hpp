// Sizing of a memory run: --size parsing, the last-level cache, the footprint and its checks, each rank's share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace bb::mem {

// --size: whole bytes with an optional binary suffix K, M or G (any case): 4096, 512M, 2g.
// Throws UsageError naming --size for anything else (signs, fractions, other units, more than 2^64-1).
std::uint64_t parse_size_bytes(const std::string& text);

// Size of the highest-level data or unified cache of CPU 0 in bytes (one instance): sysconf's level 3, else
// level 2, else the largest level under /sys/devices/system/cpu/cpu0/cache. 0 when none can be read.
std::uint64_t last_level_cache_bytes();

// The sysfs part of last_level_cache_bytes, over a folder laid out like .../cpu0/cache (index*/level, type, size).
std::uint64_t last_level_cache_from_sysfs(const std::string& cache_folder);

// What a run allocates: three double arrays a, b, c of `elements` each and the gather index, all ranks together.
struct Footprint {
  std::uint64_t elements = 0;
  unsigned index_bytes = 4;  // uint32 while each rank's share is below 2^32 elements, else uint64

  std::uint64_t bytes_per_element() const { return 3 * sizeof(double) + index_bytes; }
  std::uint64_t size_bytes() const { return elements * bytes_per_element(); }
  std::uint64_t array_bytes() const { return elements * sizeof(double); }
};

// The most elements `bytes` holds when split over `ranks` (the few bytes left over are not allocated).
Footprint footprint_for(std::uint64_t bytes, int ranks);

// What the size checks need to know of the job and the machine.
struct SizeLimits {
  std::uint64_t llc_bytes = 0;        // 0: unknown
  std::uint64_t available_bytes = 0;  // memory available on this node
  int ranks = 1;
  int ranks_here = 1;                 // ranks on this node, which share its memory
  int workers_per_rank = 1;
};

struct SizeChoice {
  Footprint footprint;
  std::string note;  // why the default size was not 4x the last-level cache; empty when it was
};

// The footprint for --size `requested`, or for the default when there is none: 4x the last-level cache (1 GiB
// when it is unknown), capped at half the memory available on this node. Throws UsageError naming --size, with
// the numbers, when the run would not fit the memory available or leaves a worker without an element.
SizeChoice choose_footprint(std::optional<std::uint64_t> requested, const SizeLimits& limits);

// The block of elements rank `rank` of `ranks` holds: shares differ by at most one element.
struct RankShare {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};
RankShare rank_share(std::uint64_t elements, int rank, int ranks);

}  // namespace bb::mem
