// How much memory this process may still take, for sizing checks that refuse runs out of reach.
#pragma once

#include <cstdint>
#include <string>

namespace bb {

// MemAvailable from /proc/meminfo (else the free physical pages), capped by the address-space limit.
std::uint64_t available_memory_bytes();

// "1.5 GiB" and the like, for messages.
std::string human_bytes(double bytes);

}  // namespace bb
