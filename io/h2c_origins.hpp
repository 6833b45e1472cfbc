// Declares H2cOrigins: which origins a connection cache holds an HTTP/2 prior-knowledge (h2c) connection to.
#pragma once

#include <curl/curl.h>

#include <string>
#include <unordered_map>

namespace bb::io {

// libcurl 7.88 puts a second HTTP/2 layer on a connection that a prior-knowledge transfer reuses
// (its conn->alpn stays unset on plain TCP, so Curl_http switches again); the server then sees a
// second connection preface and drops the connection with every stream on it (curl issue #10634,
// fixed in 8.0). So on http:// only the transfer that opens an origin's connection asks for prior
// knowledge; the others ask for CURL_HTTP_VERSION_2_0, with which libcurl joins an HTTP/2
// connection as it is. The transfers that share one connection cache (a blocking handle's own, or
// a multi handle's) share one H2cOrigins, which says who opens.
class H2cOrigins {
 public:
  // What a transfer to an origin is to do: open its connection, or use the one there. `generation`
  // names the connection it will be on.
  struct Claim {
    bool opens = false;
    unsigned generation = 0;
  };

  // The first transfer to `origin`, and the first after its connection was lost, opens it.
  Claim claim(const std::string& origin);

  // A transfer on connection `generation` to `origin` ended with `code`. A code that means its
  // connection is gone lets the next transfer open a new one; a transfer that was on an older
  // connection than the current one changes nothing.
  void ended(const std::string& origin, unsigned generation, CURLcode code);

 private:
  struct Connection {
    bool held = false;
    unsigned generation = 0;
  };
  std::unordered_map<std::string, Connection> connections_;
};

// The origin libcurl keys its connections by: host and port as it reads them from `url`
// (the scheme's default port when none is written); `url` itself when libcurl cannot read it.
std::string connection_origin(const std::string& url);

}  // namespace bb::io
