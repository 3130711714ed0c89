// SPDX-License-Identifier: MIT
#include "models/python/taskfuture.h"

#include "clock/runclock.h"
#include "models/python/futureerrors.h"
#include "models/python/futureshared_p.h"
#include "record/recorder.h"

#include <QLoggingCategory>
#include <stdexcept>

Q_LOGGING_CATEGORY(lcFutures, "poolscope.futures")

namespace poolscope {

const char *futureStateName(FutureState state)
{
    switch (state) {
    case FutureState::Pending: return "PENDING";
    case FutureState::Running: return "RUNNING";
    case FutureState::Cancelled: return "CANCELLED";
    case FutureState::CancelledAndNotified: return "CANCELLED_AND_NOTIFIED";
    case FutureState::Finished: return "FINISHED";
    }
    return "?";
}

// --- FutureWaiter ---------------------------------------------------------------------------------

void FutureWaiter::add(const TaskFuture &f, bool isException, bool isCancelled)
{
    if (m_kind == Kind::Condition)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_finished.push_back(f);
        switch (m_kind) {
        case Kind::Condition: break;
        case Kind::AsCompleted:
        case Kind::FirstCompleted: m_triggered = true; break;
        case Kind::FirstException:
            if (isException && !isCancelled) {
                m_triggered = true;
                break;
            }
            [[fallthrough]];
        case Kind::AllCompleted:
            if (--m_pending <= 0 && m_armed)
                m_triggered = true;
            break;
        }
    }
    m_cv.notify_all();
}

void FutureWaiter::addResult(const TaskFuture &f)
{
    add(f, false, false);
}

void FutureWaiter::addException(const TaskFuture &f)
{
    add(f, true, false);
}

void FutureWaiter::addCancelled(const TaskFuture &f)
{
    add(f, false, true);
}

void FutureWaiter::arm(int pendingCalls)
{
    {
        std::lock_guard lock(m_mutex);
        m_pending += pendingCalls;
        m_armed = true;
        if (m_pending <= 0 && (m_kind == Kind::AllCompleted || m_kind == Kind::FirstException))
            m_triggered = true;
    }
    m_cv.notify_all();
}

void FutureWaiter::notifyCondition()
{
    if (m_kind != Kind::Condition)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_triggered = true;
    }
    m_cv.notify_all();
}

bool FutureWaiter::waitUntil(RunClock &clock, std::optional<qint64> deadlineNs)
{
    std::unique_lock lock(m_mutex);
    // Through the clock even without a deadline: a run torn down abandons its clock's waits.
    return clock.waitUntil(lock, m_cv, deadlineNs, [this] { return m_triggered; });
}

std::vector<TaskFuture> FutureWaiter::takeFinished()
{
    std::lock_guard lock(m_mutex);
    m_triggered = false;
    return std::exchange(m_finished, {});
}

// --- TaskFuture -----------------------------------------------------------------------------------

namespace {

std::string describe(const FutureShared &d)
{
    std::string s = "<TaskFuture";
    if (d.index != NoTask)
        s += " #" + std::to_string(d.index);
    s += " state=";
    s += futureStateName(d.state);
    if (d.state == FutureState::Finished)
        s += d.error ? " raised" : " returned";
    return s + ">";
}

void invokeCallbacks(std::vector<TaskFuture::DoneCallback> callbacks, const TaskFuture &f)
{
    for (auto &callback : callbacks) {
        // As CPython: a callback that raises is logged and the others still run.
        try {
            callback(f);
        } catch (const std::exception &e) {
            qCWarning(lcFutures, "exception calling callback for future #%u: %s", f.taskIndex(), e.what());
        } catch (...) {
            qCWarning(lcFutures, "exception calling callback for future #%u", f.taskIndex());
        }
    }
}

// Blocks until the future is done or the timeout passes; returns with the lock held.
void waitDone(FutureShared &d, FutureLock &lock, Timeout timeout)
{
    auto isDone = [&d] { return d.state != FutureState::Pending && d.state != FutureState::Running; };
    if (isDone() || (timeout && timeout->count() <= 0))
        return;
    RunClock &clock = d.clock ? *d.clock : RunClock::system();
    const std::optional<qint64> deadline = timeout ? std::optional<qint64>(clock.nowNs() + timeout->count()) : std::nullopt;
    FutureWaiter waiter(FutureWaiter::Kind::Condition);
    d.waiters.push_back(&waiter);
    lock.unlock();
    waiter.waitUntil(clock, deadline);
    lock.lock();
    std::erase(d.waiters, &waiter);
}

} // namespace

TaskFuture::TaskFuture() : m_d(std::make_shared<FutureShared>()) { }

bool TaskFuture::cancel()
{
    return cancelFuture(*this, 0);
}

bool cancelFuture(const TaskFuture &f, quint8 extraFlags)
{
    FutureShared &d = *f.m_d;
    FutureLock lock(d.mutex);
    auto record = [&](bool result) {
        // Recorded under the future's lock, so the timeline never shows a refused cancel before the start
        // that made it refused.
        if (d.recorder)
            d.recorder->record(EventKind::CancelCall, d.index, CallerThread, quint8((result ? CancelResultFlag : 0) | extraFlags));
    };
    if (d.state == FutureState::Running || d.state == FutureState::Finished) {
        record(false);
        return false;
    }
    if (d.state == FutureState::Cancelled || d.state == FutureState::CancelledAndNotified) {
        record(true);
        return true;
    }
    d.state = FutureState::Cancelled;
    record(true);
    for (FutureWaiter *w : d.waiters)
        w->notifyCondition();
    auto callbacks = std::move(d.callbacks);
    d.callbacks.clear();
    d.task = nullptr;
    lock.unlock();
    invokeCallbacks(std::move(callbacks), f);
    return true;
}

bool TaskFuture::cancelled() const
{
    const FutureState s = state();
    return s == FutureState::Cancelled || s == FutureState::CancelledAndNotified;
}

bool TaskFuture::running() const
{
    return state() == FutureState::Running;
}

bool TaskFuture::done() const
{
    const FutureState s = state();
    return s != FutureState::Pending && s != FutureState::Running;
}

FutureState TaskFuture::state() const
{
    std::lock_guard lock(m_d->mutex);
    return m_d->state;
}

quint32 TaskFuture::taskIndex() const
{
    return m_d->index;
}

QVariant TaskFuture::result(Timeout timeout) const
{
    FutureLock lock(m_d->mutex);
    waitDone(*m_d, lock, timeout);
    switch (m_d->state) {
    case FutureState::Cancelled:
    case FutureState::CancelledAndNotified: throw CancelledError();
    case FutureState::Finished:
        if (m_d->error)
            std::rethrow_exception(m_d->error);
        return m_d->result;
    default: throw TimeoutError("TimeoutError");
    }
}

std::exception_ptr TaskFuture::exception(Timeout timeout) const
{
    FutureLock lock(m_d->mutex);
    waitDone(*m_d, lock, timeout);
    switch (m_d->state) {
    case FutureState::Cancelled:
    case FutureState::CancelledAndNotified: throw CancelledError();
    case FutureState::Finished: return m_d->error;
    default: throw TimeoutError("TimeoutError");
    }
}

void TaskFuture::addDoneCallback(DoneCallback callback)
{
    {
        std::lock_guard lock(m_d->mutex);
        if (m_d->state == FutureState::Pending || m_d->state == FutureState::Running) {
            m_d->callbacks.push_back(std::move(callback));
            return;
        }
    }
    std::vector<DoneCallback> one;
    one.push_back(std::move(callback));
    invokeCallbacks(std::move(one), *this);
}

bool TaskFuture::setRunningOrNotifyCancel()
{
    return startFuture(*this, [](FutureShared &) { });
}

bool startFuture(const TaskFuture &f, const std::function<void(FutureShared &)> &onStart)
{
    FutureShared &d = *f.m_d;
    std::vector<FutureWaiter *> waiters;
    {
        std::lock_guard lock(d.mutex);
        if (d.state == FutureState::Cancelled) {
            d.state = FutureState::CancelledAndNotified;
            waiters = d.waiters;
            for (FutureWaiter *w : waiters)
                w->addCancelled(f);
            return false;
        }
        if (d.state != FutureState::Pending) {
            qCCritical(lcFutures, "Future %s in unexpected state", describe(d).c_str());
            throw std::logic_error("Future in unexpected state");
        }
        d.state = FutureState::Running;
        onStart(d);
    }
    return true;
}

void finishFuture(const TaskFuture &f, QVariant value, std::exception_ptr error,
                  const std::function<void(FutureShared &)> &onFinish)
{
    FutureShared &d = *f.m_d;
    FutureLock lock(d.mutex);
    if (d.state == FutureState::Cancelled || d.state == FutureState::CancelledAndNotified
        || d.state == FutureState::Finished)
        throw InvalidStateError(std::string(futureStateName(d.state)) + ": " + describe(d));
    if (error)
        d.error = std::move(error);
    else
        d.result = std::move(value);
    d.state = FutureState::Finished;
    onFinish(d);
    for (FutureWaiter *w : d.waiters) {
        if (d.error)
            w->addException(f);
        else
            w->addResult(f);
        w->notifyCondition();
    }
    auto callbacks = std::move(d.callbacks);
    d.callbacks.clear();
    lock.unlock();
    invokeCallbacks(std::move(callbacks), f);
}

void TaskFuture::setResult(QVariant value)
{
    finishFuture(*this, std::move(value), nullptr, [](FutureShared &) { });
}

void TaskFuture::setException(std::exception_ptr error)
{
    if (!error)
        throw std::invalid_argument("setException needs an exception");
    finishFuture(*this, {}, std::move(error), [](FutureShared &) { });
}

} // namespace poolscope
