// Move-only owners for C handles: one line per handle type, freed exactly once.
#pragma once

#include <memory>

namespace anvil {

template <auto Free>
struct FreeFn {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};

template <class T, auto Free>
using Handle = std::unique_ptr<T, FreeFn<Free>>;

}  // namespace anvil
