// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>

namespace poolscope {

// The exceptions of Python's concurrent.futures, as C++ types.
struct CancelledError : std::runtime_error
{
    CancelledError() : std::runtime_error("CancelledError") { }
};
struct TimeoutError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};
struct InvalidStateError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};
// CPython raises RuntimeError('cannot schedule new futures after shutdown').
struct ExecutorShutdownError : std::runtime_error
{
    ExecutorShutdownError() : std::runtime_error("cannot schedule new futures after shutdown") { }
};
// What a scenario task raises at fail_at_step.
struct TaskFailure : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

} // namespace poolscope
