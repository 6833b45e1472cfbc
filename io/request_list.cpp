// Checks URLs with libcurl's URL API (http/https with a host), reads URL files, spots hosts that need lookups.
#include "request_list.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "usage_error.hpp"

namespace bb::io {

namespace {

// Long lines are cut in messages so an error stays one readable line.
std::string quoted(const std::string& text) {
  constexpr std::size_t kShown = 120;
  return "'" + (text.size() > kShown ? text.substr(0, kShown) + "..." : text) + "'";
}

std::string trimmed(const std::string& line) {
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = line.find_last_not_of(" \t\r");
  return line.substr(first, last - first + 1);
}

// Reads one line into `line` (false at the end of the input). A line longer than kLongestUrlLine or
// holding a NUL byte is refused at once, so a binary or endless file (/dev/zero) ends quickly.
bool read_bounded_line(std::istream& in, const std::string& name, std::size_t number, std::string& line) {
  line.clear();
  const auto where = [&] { return name + ":" + std::to_string(number) + ": "; };
  for (int c = in.get(); c != std::char_traits<char>::eof(); c = in.get()) {
    if (c == '\n') return true;
    if (c == '\0') throw UsageError("--urls", where() + "holds a NUL byte; a URL file is text, one URL per line");
    if (line.size() == kLongestUrlLine) {
      throw UsageError("--urls", where() + "line longer than " + std::to_string(kLongestUrlLine) + " bytes");
    }
    line.push_back(static_cast<char>(c));
  }
  return !line.empty();
}

// FNV-1a over the URLs in order: two files with the same URLs get the same label, an edited one another.
std::string content_hash(const std::vector<std::string>& urls) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const auto& url : urls) {
    for (const char c : url + "\n") hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

// Host and port of a URL as libcurl reads them (the scheme's default port when none is written).
std::optional<std::pair<std::string, std::string>> host_and_port(const std::string& text) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  char* host = nullptr;
  char* port = nullptr;
  if (!url || curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK ||
      curl_url_get(url.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK ||
      curl_url_get(url.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
    curl_free(host);
    return std::nullopt;
  }
  std::pair<std::string, std::string> parts{host, port};
  curl_free(host);
  curl_free(port);
  return parts;
}

}  // namespace

std::optional<std::string> local_target_hint(const RequestList& list) {
  std::optional<std::string> port;
  for (const auto& url : list.urls) {
    const auto parts = host_and_port(url);
    const bool local = parts && (parts->first == "127.0.0.1" || parts->first == "localhost" || parts->first == "[::1]");
    if (!local || (port && *port != parts->second)) return std::nullopt;
    port = parts->second;
  }
  if (!port) return std::nullopt;
  return "nothing answered on port " + *port + " of this machine; start the local target with: scripts/target.sh "
         "start --port " + *port;
}

std::optional<std::string> url_problem(const std::string& text) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  if (!url) return "out of memory while parsing the URL";
  // NON_SUPPORT_SCHEME lets ftp:// parse, so the message can say the scheme is the problem.
  const CURLUcode parsed = curl_url_set(url.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (parsed != CURLUE_OK && text.find("://") == std::string::npos) {
    return quoted(text) + " has no scheme; write " + quoted("http://" + trimmed(text));
  }
  if (parsed != CURLUE_OK) return quoted(text) + " is not a valid URL (" + curl_url_strerror(parsed) + ")";
  char* scheme = nullptr;
  if (curl_url_get(url.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
    return quoted(text) + " has no scheme; write http://... or https://...";
  }
  const std::string scheme_name = scheme;
  curl_free(scheme);
  if (scheme_name != "http" && scheme_name != "https") {
    return quoted(text) + " uses " + scheme_name + "://; only http:// and https:// are fetched";
  }
  char* host = nullptr;
  const bool has_host = curl_url_get(url.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host;
  curl_free(host);
  if (!has_host) return quoted(text) + " has no host";
  return std::nullopt;
}

std::vector<std::string> parse_url_lines(std::istream& in, const std::string& name) {
  std::vector<std::string> urls;
  std::string line;
  for (std::size_t number = 1; read_bounded_line(in, name, number, line); ++number) {
    const std::string text = trimmed(line);
    if (text.empty() || text.front() == '#') continue;
    if (auto problem = url_problem(text)) {
      throw UsageError("--urls", name + ":" + std::to_string(number) + ": " + *problem);
    }
    if (urls.size() == kMostUrls) {
      throw UsageError("--urls", name + ":" + std::to_string(number) + ": more than " + std::to_string(kMostUrls) +
                                     " URLs; cycle a shorter list with --requests instead");
    }
    urls.push_back(text);
  }
  if (in.bad()) throw UsageError("--urls", "cannot read " + name + ": " + std::strerror(errno));
  if (urls.empty()) throw UsageError("--urls", name + " holds no URL (only blank or # comment lines)");
  return urls;
}

bool resolves_names(const RequestList& list) {
  for (const auto& text : list.urls) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
    char* host = nullptr;
    if (!url || curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK ||
        curl_url_get(url.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) {
      return true;
    }
    std::string name = host;
    curl_free(host);
    // IPv6 literals come back in brackets.
    if (name.size() > 2 && name.front() == '[') name = name.substr(1, name.size() - 2);
    unsigned char address[sizeof(in6_addr)];
    const bool literal = inet_pton(AF_INET, name.c_str(), address) == 1 || inet_pton(AF_INET6, name.c_str(), address) == 1;
    // libcurl answers "localhost" itself since 7.85, without a lookup.
    if (!literal && name != "localhost") return true;
  }
  return false;
}

RequestList requests_to_one_url(const std::string& url, std::size_t count) {
  if (auto problem = url_problem(url)) throw UsageError("--url", *problem);
  return {{url}, count, url};
}

RequestList requests_from_file(const std::string& path, std::optional<std::size_t> count) {
  std::ifstream file(path);
  if (!file) throw UsageError("--urls", "cannot open " + path + ": " + std::strerror(errno));
  RequestList list;
  list.urls = parse_url_lines(file, path);
  list.count = count.value_or(list.urls.size());
  list.target = "urls:" + std::filesystem::path(path).filename().string() + "#" + content_hash(list.urls);
  return list;
}

}  // namespace bb::io
