// SPDX-License-Identifier: MIT
// What the threaded core tests share: arrival counters and a watchdog built on std:: primitives (which
// ThreadSanitizer sees; it cannot see inside Qt's futex locks), and a way to know that a thread has
// really blocked, rather than being about to.
#pragma once

#include <QByteArray>
#include <QString>
#include <QFile>
#include <QtGlobal>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include "scenario/scenario.h"

#include <QStringList>
#include <sys/syscall.h>
#include <sys/types.h>
#include <thread>
#include <unistd.h>

namespace poolscope::test {

// Tests whose outcome depends on a scenario's timing run it at this many times the scale they ask for
// when POOLSCOPE_TEST_SLOWDOWN is set: the sanitizer runs set it, as a sanitized thread starts and
// steps several times slower, and a built-in's 40% margins must stay wider than that.
inline double timeScale(double scale)
{
    bool ok = false;
    const double slowdown = qEnvironmentVariable("POOLSCOPE_TEST_SLOWDOWN").toDouble(&ok);
    return ok && slowdown > 0 ? scale * slowdown : scale;
}
inline QString timeScaleArg(double scale)
{
    return QString::number(timeScale(scale));
}

// The built-ins a test of real runs goes through: under ThreadSanitizer (scripts/sanitize.sh thread sets
// POOLSCOPE_SANITIZER) not the Qt model's, whose QThreadPool locks in a way TSan cannot see (see
// tests/core/CMakeLists.txt); everywhere else, every one.
inline QStringList builtinsForRealRuns()
{
    const bool tsan = qEnvironmentVariable("POOLSCOPE_SANITIZER") == QLatin1String("thread");
    QStringList names;
    for (const QString &name : builtinScenarioNames()) {
        if (tsan) {
            const ScenarioParseResult r = loadBuiltinScenario(name);
            if (r.scenario && r.scenario->model == QLatin1String("qt"))
                continue;
        }
        names << name;
    }
    return names;
}

// Counts arrivals; waitFor(n) blocks until n have arrived.
class Arrivals
{
public:
    void arrive()
    {
        {
            std::lock_guard lock(m_mutex);
            ++m_count;
        }
        m_cv.notify_all();
    }
    bool waitFor(int n, std::chrono::milliseconds timeout = std::chrono::seconds(20))
    {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, timeout, [&] { return m_count >= n; });
    }
    int count()
    {
        std::lock_guard lock(m_mutex);
        return m_count;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    int m_count = 0;
};

// Turns a hang into a clear failure: aborts the test program if not disarmed (destroyed) in time, with a
// message naming what was waited for. waitingFor() names the wait in progress, for a watchdog that covers
// several waits (a whole test function).
class Watchdog
{
public:
    Watchdog(std::chrono::seconds limit, QByteArray what)
        : m_what(std::move(what))
        , m_thread([this, limit] {
            std::unique_lock lock(m_mutex);
            if (!m_cv.wait_for(lock, limit, [this] { return m_disarmed; })) {
                if (m_waitingFor.isEmpty())
                    qFatal("watchdog: %s did not finish within %lld s", m_what.constData(), qlonglong(limit.count()));
                qFatal("watchdog: %s did not finish within %lld s; it was waiting for %s", m_what.constData(),
                       qlonglong(limit.count()), m_waitingFor.constData());
            }
        })
    { }
    ~Watchdog()
    {
        {
            std::lock_guard lock(m_mutex);
            m_disarmed = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
    void waitingFor(QByteArray what)
    {
        std::lock_guard lock(m_mutex);
        m_waitingFor = std::move(what);
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_disarmed = false;
    QByteArray m_what;
    QByteArray m_waitingFor;
    std::thread m_thread;
};

// "Class::function() [data tag]" for a watchdog's message, from QTest::currentTestFunction() and
// QTest::currentDataTag().
inline QByteArray testFunctionName(const char *className, const char *function, const char *dataTag)
{
    QByteArray name = QByteArray(className) + "::" + function + "()";
    if (dataTag && *dataTag)
        name += QByteArray(" [") + dataTag + ']';
    return name;
}

inline pid_t currentTid()
{
    return pid_t(::syscall(SYS_gettid));
}

// Whether a thread of this process is asleep in the kernel (state 'S' in /proc/self/task/TID/stat).
inline bool threadIsSleeping(pid_t tid)
{
    QFile stat(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    return paren >= 0 && paren + 2 < line.size() && line.at(paren + 2) == 'S';
}

// Polls until the thread has been seen asleep `stableReads` times in a row (a thread passing briefly
// through a mutex also shows 'S', but not for long), until `done()` or the timeout. Returns whether it
// was seen asleep; the outcome a test checks afterwards does not depend on it, only how surely it
// catches a regression.
template<typename Done>
bool waitUntilAsleep(pid_t tid, Done done, std::chrono::milliseconds timeout = std::chrono::seconds(5),
                     int stableReads = 2)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (int stable = 0; !done() && std::chrono::steady_clock::now() < deadline;) {
        stable = threadIsSleeping(tid) ? stable + 1 : 0;
        if (stable >= stableReads)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

inline bool waitUntilAsleep(pid_t tid, std::chrono::milliseconds timeout = std::chrono::seconds(5))
{
    return waitUntilAsleep(tid, [] { return false; }, timeout);
}

} // namespace poolscope::test
