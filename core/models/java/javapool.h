// SPDX-License-Identifier: MIT
// A Java pool's settings: what `new ThreadPoolExecutor(core, max, keepAlive, queue, handler)` is given.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace poolscope::java {

// The four standard RejectedExecutionHandlers.
enum class Rejection : quint8 {
    Abort, // AbortPolicy: submit throws RejectedExecutionException
    CallerRuns, // CallerRunsPolicy: the caller runs the task itself (dropped once the pool is shut down)
    Discard, // DiscardPolicy: dropped silently
    DiscardOldest, // DiscardOldestPolicy: the oldest queued task is dropped, the submit tried again
};
const char *rejectionName(Rejection r); // the scenario's: "abort", "caller_runs", ...
QStringList rejectionNames();
bool rejectionFromName(const QString &name, Rejection *out);

constexpr int UnboundedQueue = -1;

struct PoolSettings
{
    int coreThreads = 1; // corePoolSize: the scenario's "workers"
    int maxThreads = 1; // maximumPoolSize: "max_workers"
    int queueCapacity = UnboundedQueue; // LinkedBlockingQueue; n > 0: ArrayBlockingQueue(n); 0: SynchronousQueue
    Rejection rejection = Rejection::Abort;
    qint64 keepAliveMs = 60000; // before the time scale

    // The scenario's pool fields as a run keeps them (RunInfo::pool), and back.
    QJsonObject toJson() const;
    static PoolSettings fromJson(int workers, const QJsonObject &pool);
};

} // namespace poolscope::java
