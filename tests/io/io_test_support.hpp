// Shared pieces of the I/O integration tests: the target's address, CSV rows, probes, URL files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace bb::io::testing {

// Port of the nginx target the CTest fixture starts (fixed per build tree), and whether it answers.
int target_port();
bool target_answers();
std::string target_url(const std::string& path);

// Path of io_seq, io_threads or io_multi in this build tree.
std::string program_path(const std::string& name);

// Runs an I/O executable with `arguments` (deadline: 60 s, so nothing can hang a test).
Completed run_io(const std::string& program, const std::vector<std::string>& arguments, double deadline_s = 60);

// `arguments` followed by `more`.
std::vector<std::string> with(std::vector<std::string> arguments, const std::vector<std::string>& more);

// A run's exit status and output, for a failed expectation's message.
std::string report(const Completed& run);

// A CSV row's integer column.
long long number(const std::map<std::string, std::string>& row, const std::string& column);

// The CSV rows on stdout, by column name; the header must be the first line.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& out);
std::vector<std::string> csv_header(const std::string& out);

// Body length of GET `path` on the target, read over a raw HTTP/1.0 socket: an oracle
// that does not go through libcurl.
long long body_length_by_socket(const std::string& path);

// A listening socket that only records whether anything connected: a URL that must never be fetched.
class ConnectionWitness {
 public:
  ConnectionWitness();
  ~ConnectionWitness();
  ConnectionWitness(const ConnectionWitness&) = delete;
  ConnectionWitness& operator=(const ConnectionWitness&) = delete;
  std::string url() const;
  bool contacted() const;

 private:
  int fd_;
  int port_;
};

// A loopback port with nothing listening on it (bound, then released).
int closed_port();

// A file that is deleted with this object.
class TempFile {
 public:
  explicit TempFile(const std::string& content);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace bb::io::testing
