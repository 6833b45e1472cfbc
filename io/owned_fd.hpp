// Declares OwnedFd: a file descriptor closed when it goes out of scope (the event loops' epoll sets).
#pragma once

#include <unistd.h>

namespace bb::io {

class OwnedFd {
 public:
  explicit OwnedFd(int fd) : fd_(fd) {}
  ~OwnedFd() {
    if (fd_ >= 0) close(fd_);
  }
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace bb::io
