// SPDX-License-Identifier: MIT
#include "models/python/futurewait.h"

#include "clock/runclock.h"
#include "models/python/futureerrors.h"
#include "models/python/futureshared_p.h"

#include <algorithm>
#include <unordered_set>

namespace poolscope {

namespace {

std::vector<TaskFuture> distinct(const std::vector<TaskFuture> &futures)
{
    std::vector<TaskFuture> out;
    out.reserve(futures.size());
    std::unordered_set<const FutureShared *> seen;
    for (const TaskFuture &f : futures) {
        if (seen.insert(f.shared()).second)
            out.push_back(f);
    }
    return out;
}

FutureShared &sharedOf(const TaskFuture &f)
{
    return *const_cast<FutureShared *>(f.shared());
}

// CPython takes every future's lock at once (_AcquireFutures). Here each future is checked and, if not
// done, given the waiter under its own lock, one at a time: no completion can slip between the check
// and the install, and no thread ever holds thousands of locks.
struct InstallResult
{
    std::vector<TaskFuture> done;
    int pending = 0;
    bool anyFailed = false;
};

InstallResult checkAndInstall(const std::vector<TaskFuture> &futures, FutureWaiter *waiter)
{
    InstallResult r;
    for (const TaskFuture &f : futures) {
        FutureShared &d = sharedOf(f);
        std::lock_guard lock(d.mutex);
        if (isDoneForWaiters(d.state)) {
            r.done.push_back(f);
            r.anyFailed = r.anyFailed || (d.state == FutureState::Finished && d.error);
        } else {
            ++r.pending;
            d.waiters.push_back(waiter);
        }
    }
    return r;
}

void uninstall(const std::vector<TaskFuture> &futures, FutureWaiter *waiter)
{
    for (const TaskFuture &f : futures) {
        FutureShared &d = sharedOf(f);
        std::lock_guard lock(d.mutex);
        std::erase(d.waiters, waiter);
    }
}

std::optional<qint64> deadlineFor(RunClock &clock, Timeout timeout)
{
    if (!timeout)
        return std::nullopt;
    return clock.nowNs() + timeout->count();
}

} // namespace

DoneAndNotDone wait(const std::vector<TaskFuture> &futures, Timeout timeout, ReturnWhen returnWhen, RunClock *clock)
{
    RunClock &c = clock ? *clock : RunClock::system();
    const std::optional<qint64> deadline = deadlineFor(c, timeout);
    const std::vector<TaskFuture> fs = distinct(futures);
    using Kind = FutureWaiter::Kind;
    const Kind kind = returnWhen == ReturnWhen::FirstCompleted ? Kind::FirstCompleted
            : returnWhen == ReturnWhen::FirstException       ? Kind::FirstException
                                                             : Kind::AllCompleted;
    FutureWaiter waiter(kind);
    const InstallResult installed = checkAndInstall(fs, &waiter);
    const bool returnNow = installed.pending == 0
            || (returnWhen == ReturnWhen::FirstCompleted && !installed.done.empty())
            || (returnWhen == ReturnWhen::FirstException && installed.anyFailed);
    if (!returnNow) {
        waiter.arm(installed.pending);
        waiter.waitUntil(c, deadline);
    }
    uninstall(fs, &waiter);

    std::unordered_set<const FutureShared *> done;
    for (const TaskFuture &f : installed.done)
        done.insert(f.shared());
    for (const TaskFuture &f : waiter.takeFinished())
        done.insert(f.shared());
    DoneAndNotDone out;
    for (const TaskFuture &f : fs)
        (done.count(f.shared()) ? out.done : out.notDone).push_back(f);
    return out;
}

struct AsCompleted::Private
{
    std::vector<TaskFuture> fs;
    std::unordered_set<const FutureShared *> pending;
    std::vector<TaskFuture> toYield; // yielded from the back, as CPython pops
    FutureWaiter waiter { FutureWaiter::Kind::AsCompleted };
    RunClock *clock = nullptr;
    std::optional<qint64> deadline;
    size_t total = 0;
};

AsCompleted::AsCompleted(const std::vector<TaskFuture> &futures, Timeout timeout, RunClock *clock)
    : d(std::make_unique<Private>())
{
    d->clock = clock ? clock : &RunClock::system();
    d->deadline = deadlineFor(*d->clock, timeout);
    d->fs = distinct(futures);
    d->total = d->fs.size();
    InstallResult installed = checkAndInstall(d->fs, &d->waiter);
    d->toYield = std::move(installed.done);
    std::unordered_set<const FutureShared *> done;
    for (const TaskFuture &f : d->toYield)
        done.insert(f.shared());
    for (const TaskFuture &f : d->fs) {
        if (!done.count(f.shared()))
            d->pending.insert(f.shared());
    }
}

AsCompleted::~AsCompleted()
{
    uninstall(d->fs, &d->waiter);
}

std::optional<TaskFuture> AsCompleted::next()
{
    for (;;) {
        if (!d->toYield.empty()) {
            TaskFuture f = d->toYield.back();
            d->toYield.pop_back();
            d->pending.erase(f.shared());
            return f;
        }
        if (d->pending.empty())
            return std::nullopt;
        if (d->deadline && d->clock->nowNs() >= *d->deadline) {
            throw TimeoutError(std::to_string(d->pending.size()) + " (of " + std::to_string(d->total)
                               + ") futures unfinished");
        }
        d->waiter.waitUntil(*d->clock, d->deadline);
        std::vector<TaskFuture> finished = d->waiter.takeFinished();
        std::reverse(finished.begin(), finished.end());
        d->toYield = std::move(finished);
    }
}

} // namespace poolscope
