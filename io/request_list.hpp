// Declares RequestList (which URL each request fetches), its builders for --url and --urls, and the URL checks.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace bb::io {

// Request i fetches urls[i % urls.size()], so N requests to one URL cost one string.
struct RequestList {
  std::vector<std::string> urls;
  std::size_t count = 0;
  std::string target;  // what a row says it fetched: the URL, or "urls:NAME#HASH" for a URL file

  const std::string& url_for(std::size_t request) const { return urls[request % urls.size()]; }
};

// Why `text` is not an acceptable URL (not parseable, or not http/https); nullopt when it is.
std::optional<std::string> url_problem(const std::string& text);

// Every URL in a URL file: one per line, blank lines and lines starting with '#' skipped,
// surrounding blanks trimmed. Throws UsageError("--urls", "NAME:LINE: ...") on a bad line
// and when no URL is left.
std::vector<std::string> parse_url_lines(std::istream& in, const std::string& name);

// Bounds on a URL file, so reading one always ends soon and fits in memory.
inline constexpr std::size_t kLongestUrlLine = 8192;
inline constexpr std::size_t kMostUrls = 10'000'000;

// When every URL names one port on this machine: a line saying how to start the local target
// there, for a run whose requests were all refused.
std::optional<std::string> local_target_hint(const RequestList& list);

// True when some URL's host is a name libcurl must look up (not an IP literal nor "localhost").
bool resolves_names(const RequestList& list);

// --url U --requests N.
RequestList requests_to_one_url(const std::string& url, std::size_t count);

// --urls FILE [--requests N]: the file's URLs once each, or N requests cycling through them.
RequestList requests_from_file(const std::string& path, std::optional<std::size_t> count);

}  // namespace bb::io
