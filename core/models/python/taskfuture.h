// SPDX-License-Identifier: MIT
// Python's concurrent.futures.Future.
#pragma once

#include "record/recordedevent.h"

#include <QVariant>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>

namespace poolscope {

class Recorder;
class FutureWaiter;
struct FutureShared;

// CPython's Future states (concurrent/futures/_base.py). CancelledAndNotified is reached only when a
// worker dequeues a cancelled item; futures cancelled by shutdown(cancel_futures=True) stay Cancelled.
enum class FutureState : quint8 { Pending, Running, Cancelled, CancelledAndNotified, Finished };
const char *futureStateName(FutureState state);

using Timeout = std::optional<std::chrono::nanoseconds>; // nullopt waits forever, as Python's None

// A handle to the outcome of one submitted call, with CPython's semantics. Cheap to copy; every copy
// refers to the same future.
class TaskFuture
{
public:
    TaskFuture(); // a fresh pending future with no executor, as concurrent.futures.Future()
    explicit TaskFuture(std::shared_ptr<FutureShared> shared) : m_d(std::move(shared)) { }

    // True and cancelled if pending, true again if already cancelled, false if running or finished.
    bool cancel();
    bool cancelled() const;
    bool running() const;
    bool done() const;
    FutureState state() const;

    // Throws CancelledError, TimeoutError, or rethrows the task's exception.
    QVariant result(Timeout timeout = std::nullopt) const;
    // Null when the task returned; throws CancelledError or TimeoutError.
    std::exception_ptr exception(Timeout timeout = std::nullopt) const;

    // Called exactly once: by the thread that finishes or cancels the future, or at once (in this
    // thread) if the future is already done. A callback that throws is logged; the others still run.
    using DoneCallback = std::function<void(const TaskFuture &)>;
    void addDoneCallback(DoneCallback callback);

    // For executors and tests (CPython's set_running_or_notify_cancel, set_result, set_exception).
    bool setRunningOrNotifyCancel(); // throws std::logic_error in any other state than pending/cancelled
    void setResult(QVariant value); // throws InvalidStateError when already done
    void setException(std::exception_ptr error);

    quint32 taskIndex() const; // submission index, NoTask for a bare future
    bool isValid() const { return bool(m_d); }
    bool operator==(const TaskFuture &other) const { return m_d == other.m_d; }
    const FutureShared *shared() const { return m_d.get(); }

private:
    friend bool cancelFuture(const TaskFuture &, quint8);
    friend bool startFuture(const TaskFuture &, const std::function<void(FutureShared &)> &);
    friend void finishFuture(const TaskFuture &, QVariant, std::exception_ptr,
                             const std::function<void(FutureShared &)> &);
    std::shared_ptr<FutureShared> m_d;
};

struct TaskFutureHash
{
    size_t operator()(const TaskFuture &f) const { return std::hash<const void *>()(f.shared()); }
};

} // namespace poolscope
