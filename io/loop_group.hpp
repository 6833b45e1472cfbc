// Declares join_this_process: io_multi's group, its --loops event loops in this one process.
#pragma once

#include <memory>

#include "fetch_group.hpp"

namespace bb::io {

std::unique_ptr<FetchGroup> join_this_process(int& argc, char**& argv);

}  // namespace bb::io
