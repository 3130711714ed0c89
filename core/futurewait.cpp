// SPDX-License-Identifier: MIT
#include "futurewait.h"

#include "futureerrors.h"
#include "futureshared_p.h"

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

// CPython's _AcquireFutures: every future's lock, taken in address order so two waits cannot deadlock.
class AllLocks
{
public:
    explicit AllLocks(const std::vector<TaskFuture> &futures)
    {
        std::vector<FutureShared *> order;
        order.reserve(futures.size());
        for (const TaskFuture &f : futures)
            order.push_back(&sharedOf(f));
        std::sort(order.begin(), order.end());
        m_locks.reserve(order.size());
        for (FutureShared *d : order)
            m_locks.emplace_back(d->mutex);
    }

private:
    std::vector<FutureLock> m_locks;
};

void install(const std::vector<TaskFuture> &futures, FutureWaiter *waiter)
{
    for (const TaskFuture &f : futures)
        sharedOf(f).waiters.push_back(waiter);
}

void uninstall(const std::vector<TaskFuture> &futures, FutureWaiter *waiter)
{
    for (const TaskFuture &f : futures) {
        FutureShared &d = sharedOf(f);
        std::lock_guard lock(d.mutex);
        std::erase(d.waiters, waiter);
    }
}

std::optional<std::chrono::steady_clock::time_point> deadlineFor(Timeout timeout)
{
    if (!timeout)
        return std::nullopt;
    return std::chrono::steady_clock::now() + *timeout;
}

} // namespace

DoneAndNotDone wait(const std::vector<TaskFuture> &futures, Timeout timeout, ReturnWhen returnWhen)
{
    const std::vector<TaskFuture> fs = distinct(futures);
    DoneAndNotDone out;
    std::unordered_set<const FutureShared *> done;
    std::optional<FutureWaiter> waiter;
    {
        AllLocks locks(fs);
        int pending = 0;
        for (const TaskFuture &f : fs) {
            if (isDoneForWaiters(sharedOf(f).state))
                done.insert(f.shared());
            else
                ++pending;
        }
        auto finish = [&] {
            for (const TaskFuture &f : fs)
                (done.count(f.shared()) ? out.done : out.notDone).push_back(f);
        };
        if (returnWhen == ReturnWhen::FirstCompleted && !done.empty()) {
            finish();
            return out;
        }
        if (returnWhen == ReturnWhen::FirstException) {
            const bool anyFailed = std::any_of(fs.begin(), fs.end(), [&](const TaskFuture &f) {
                const FutureShared &d = sharedOf(f);
                return d.state == FutureState::Finished && d.error;
            });
            if (anyFailed) {
                finish();
                return out;
            }
        }
        if (pending == 0) {
            finish();
            return out;
        }
        using Kind = FutureWaiter::Kind;
        const Kind kind = returnWhen == ReturnWhen::FirstCompleted ? Kind::FirstCompleted
                : returnWhen == ReturnWhen::FirstException       ? Kind::FirstException
                                                                 : Kind::AllCompleted;
        waiter.emplace(kind, pending);
        install(fs, &*waiter);
    }
    waiter->waitUntil(deadlineFor(timeout));
    uninstall(fs, &*waiter);
    for (const TaskFuture &f : waiter->takeFinished())
        done.insert(f.shared());
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
    std::optional<std::chrono::steady_clock::time_point> deadline;
    size_t total = 0;
};

AsCompleted::AsCompleted(const std::vector<TaskFuture> &futures, Timeout timeout) : d(std::make_unique<Private>())
{
    d->deadline = deadlineFor(timeout);
    d->fs = distinct(futures);
    d->total = d->fs.size();
    AllLocks locks(d->fs);
    for (const TaskFuture &f : d->fs) {
        if (isDoneForWaiters(sharedOf(f).state))
            d->toYield.push_back(f);
        else
            d->pending.insert(f.shared());
    }
    install(d->fs, &d->waiter);
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
        if (d->deadline && std::chrono::steady_clock::now() > *d->deadline) {
            throw TimeoutError(std::to_string(d->pending.size()) + " (of " + std::to_string(d->total)
                               + ") futures unfinished");
        }
        d->waiter.waitUntil(d->deadline);
        std::vector<TaskFuture> finished = d->waiter.takeFinished();
        std::reverse(finished.begin(), finished.end());
        d->toYield = std::move(finished);
    }
}

} // namespace poolscope
