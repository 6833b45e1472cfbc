// MemAvailable capped by ulimit -v less the address space in use, and byte counts in binary units.
#include "available_memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include <cstdio>
#include <fstream>

namespace bb {

namespace {

std::uint64_t system_available_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return static_cast<std::uint64_t>(sysconf(_SC_AVPHYS_PAGES)) * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

std::uint64_t own_virtual_bytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    std::uint64_t kib = 0;
    if (key == "VmSize:" && status >> kib) return kib * 1024;
    status.ignore(1 << 16, '\n');
  }
  return 0;
}

}  // namespace

std::uint64_t available_memory_bytes() {
  std::uint64_t available = system_available_bytes();
  // An address-space limit (ulimit -v) caps this process below what the machine has free.
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const std::uint64_t used = own_virtual_bytes();
    const std::uint64_t left = limit.rlim_cur > used ? limit.rlim_cur - used : 0;
    available = std::min(available, left);
  }
  return available;
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 6) {
    bytes /= 1024;
    ++unit;
  }
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.1f %s", bytes, units[unit]);
  return buffer;
}

}  // namespace bb
