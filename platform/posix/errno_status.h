// Maps the errno of a failed POSIX call to the platform status it reports.
#pragma once

#include <cerrno>

#include "platform/ember-platform.h"

namespace ember::posix {

inline ember_platform_status statusFromErrno(int error) {
  switch (error) {
    case ENOMEM:
    case EAGAIN:
      return EMBER_PLATFORM_OUT_OF_MEMORY;
    case EINVAL:
      return EMBER_PLATFORM_INVALID_ARGUMENT;
    case ENOSYS:
    case ENOTSUP:
      return EMBER_PLATFORM_UNSUPPORTED;
    default:
      return EMBER_PLATFORM_FAILED;
  }
}

}  // namespace ember::posix
