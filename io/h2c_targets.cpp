// Takes a request list's URLs apart into origins (host, port, :authority) and :path values, with libcurl's URL parser.
#include "h2c_targets.hpp"

#include <curl/curl.h>
#include <strings.h>

#include <memory>
#include <optional>

#include "usage_error.hpp"

namespace bb::io {

namespace {

// One part of a parsed URL, or nothing when the URL lacks it.
std::optional<std::string> url_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK) return std::nullopt;
  std::string copy(text);
  curl_free(text);
  return copy;
}

}  // namespace

H2cTargets::H2cTargets(const RequestList& requests) {
  targets_.reserve(requests.urls.size());
  for (const auto& url : requests.urls) {
    if (strncasecmp(url.c_str(), "http://", 7) != 0) {
      throw UsageError("--client", "nghttp2 speaks HTTP/2 with prior knowledge on http:// only, and '" + url +
                                       "' is not http://; use --client libcurl (ALPN over https)");
    }
    const std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
    if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
      throw UsageError("--client", "cannot read the URL '" + url + "'");
    }
    std::string host = url_part(parsed.get(), CURLUPART_HOST).value_or("");
    const auto written_port = url_part(parsed.get(), CURLUPART_PORT);
    const std::string authority = written_port ? host + ":" + *written_port : host;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    std::size_t origin = 0;
    while (origin < origins_.size() && origins_[origin].authority != authority) ++origin;
    if (origin == origins_.size()) origins_.push_back({host, written_port.value_or("80"), authority});
    std::string path = url_part(parsed.get(), CURLUPART_PATH).value_or("/");
    if (path.empty()) path = "/";
    if (const auto query = url_part(parsed.get(), CURLUPART_QUERY)) path += "?" + *query;
    targets_.push_back({origin, std::move(path)});
  }
}

}  // namespace bb::io
