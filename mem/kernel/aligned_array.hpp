// AlignedArray: an uninitialised array on a 64-byte boundary, so its pages are placed by the thread that writes them first.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace bb::mem {

inline constexpr std::size_t kArrayAlignment = 64;  // a cache line, and the widest vector register

template <typename T>
class AlignedArray {
  static_assert(std::is_trivial_v<T>, "elements are left uninitialised until their first parallel write");

 public:
  AlignedArray() = default;
  // Throws when the memory cannot be had. No element is written here: a value-initialising
  // allocation would place every page on the allocating thread's memory node.
  explicit AlignedArray(std::size_t count) : size_(count) {
    const std::size_t bytes = (count * sizeof(T) + kArrayAlignment - 1) / kArrayAlignment * kArrayAlignment;
    data_.reset(static_cast<T*>(std::aligned_alloc(kArrayAlignment, bytes == 0 ? kArrayAlignment : bytes)));
    if (!data_) throw std::runtime_error("could not allocate " + std::to_string(bytes) + " bytes for an array");
  }

  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }

 private:
  struct Free {
    void operator()(T* pointer) const { std::free(pointer); }
  };
  std::unique_ptr<T[], Free> data_;
  std::size_t size_ = 0;
};

}  // namespace bb::mem
