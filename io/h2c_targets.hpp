// Declares H2cTargets: each URL of a request list as the origin to connect to and the request headers to send.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "request_list.hpp"

namespace bb::io {

// What a lean HTTP/2 client (--client nghttp2) needs of a request list: the URLs taken apart once,
// so a request costs no parsing. Only http:// (h2c with prior knowledge) is supported.
class H2cTargets {
 public:
  struct Origin {
    std::string host;       // as getaddrinfo takes it: an IPv6 literal without its brackets
    std::string port;       // decimal; 80 when the URL names none
    std::string authority;  // HTTP/2's :authority, host[:port] as the URL writes it
  };
  struct Target {
    std::size_t origin = 0;  // index into origins()
    std::string path;        // HTTP/2's :path: path and query, "/" when the URL has none
  };

  // Throws UsageError("--client", ...) naming the first URL that is not http://.
  explicit H2cTargets(const RequestList& requests);

  const std::vector<Origin>& origins() const { return origins_; }
  // The target of request `request` (requests cycle through the list's URLs).
  const Target& target_for(std::size_t request) const { return targets_[request % targets_.size()]; }

 private:
  std::vector<Origin> origins_;
  std::vector<Target> targets_;  // one per URL of the list, in its order
};

}  // namespace bb::io
