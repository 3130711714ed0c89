// SPDX-License-Identifier: MIT
// One run of Java's pool: a ThreadPoolExecutor, the stop event, the futures, and the task body.
#pragma once

#include "models/java/futuretask.h"
#include "models/java/javapool.h"
#include "models/java/parking.h"
#include "models/java/stopevent.h"
#include "models/model.h"

#include <memory>
#include <mutex>
#include <vector>

namespace poolscope {

class RunContext;

namespace java {
class ThreadPoolExecutor;
}

class JavaRun final : public ModelRun
{
public:
    explicit JavaRun(RunContext &ctx);
    ~JavaRun() override; // lets every wait go, then joins the pool's threads

    // Always true: a task the pool refuses is still a task of the run (rejected or discarded).
    bool submit(quint32 task) override;
    void perform(const ActionCall &call) override;
    void finish() override; // shutdown(), then awaitTermination() with no timeout (Java 19's close())
    void abort() override;
    void drain() override;
    void tearDown() override;
    std::vector<quint32> runningTasks() const override;

private:
    void runTask(quint32 task, java::TaskRun &run);
    std::vector<std::shared_ptr<java::FutureTask>> futures() const;
    void cancel(const std::shared_ptr<java::FutureTask> &future, bool mayInterrupt);

    RunContext &m_ctx;
    const java::PoolSettings m_settings;
    java::Parking m_parking;
    java::StopEvent m_event;
    java::JavaThread m_caller { CallerThread };
    std::unique_ptr<java::ThreadPoolExecutor> m_executor;
    mutable std::mutex m_mutex;
    std::vector<std::shared_ptr<java::FutureTask>> m_futures; // by task index; null: submit threw
    quint32 m_callerRuns = NoTask; // the task the caller runs itself (CallerRunsPolicy)
};

} // namespace poolscope
