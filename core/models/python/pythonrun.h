// SPDX-License-Identifier: MIT
// One run of Python's pool: a ThreadPoolExecutor, a threading.Event, the futures, and the task body.
#pragma once

#include "models/model.h"
#include "models/python/stopevent.h"
#include "models/python/taskfuture.h"

#include <memory>
#include <mutex>
#include <vector>

namespace poolscope {

class RunContext;
class ThreadPoolExecutor;
struct TaskContext;

class PythonRun final : public ModelRun
{
public:
    explicit PythonRun(RunContext &ctx);
    ~PythonRun() override; // joins the pool's threads

    bool submit(quint32 task) override;
    quint32 submitMany(quint32 first, quint32 count) override;
    void perform(const ActionCall &call) override;
    void finish() override;
    void abort() override;
    void drain() override;
    std::vector<quint32> runningTasks() const override;

private:
    QVariant runTask(quint32 task, TaskContext &tc);
    std::vector<TaskFuture> futures() const;
    void cancelPending();
    std::vector<TaskFuture> callTargets(const ActionCall &call) const;
    void blockingCall(const ActionCall &call);

    RunContext &m_ctx;
    StopEvent m_event;
    std::unique_ptr<ThreadPoolExecutor> m_executor;
    mutable std::mutex m_mutex;
    std::vector<TaskFuture> m_futures; // by task index
};

} // namespace poolscope
