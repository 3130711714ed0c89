// SPDX-License-Identifier: MIT
// Python's concurrent.futures.wait() and as_completed().
#pragma once

#include "models/python/taskfuture.h"

#include <vector>

namespace poolscope {

class RunClock;

// concurrent.futures.wait() and as_completed(). As in CPython, a future that is cancelled but not yet
// dequeued by a worker (state Cancelled, e.g. after shutdown(cancel_futures=True)) is not "done" here.
enum class ReturnWhen { FirstCompleted, FirstException, AllCompleted };

struct DoneAndNotDone
{
    std::vector<TaskFuture> done; // distinct futures, in no particular order
    std::vector<TaskFuture> notDone;
};

// Never throws on timeout: returns what is done by then. Timeouts are in the clock's run time (nullptr:
// the system clock).
DoneAndNotDone wait(const std::vector<TaskFuture> &futures, Timeout timeout = std::nullopt,
                    ReturnWhen returnWhen = ReturnWhen::AllCompleted, RunClock *clock = nullptr);

// Yields each distinct future once: those already done first, then the rest in completion order.
// next() throws TimeoutError("N (of M) futures unfinished") when the overall timeout runs out.
class AsCompleted
{
public:
    explicit AsCompleted(const std::vector<TaskFuture> &futures, Timeout timeout = std::nullopt,
                         RunClock *clock = nullptr);
    ~AsCompleted();
    AsCompleted(const AsCompleted &) = delete;
    AsCompleted &operator=(const AsCompleted &) = delete;

    std::optional<TaskFuture> next();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace poolscope
