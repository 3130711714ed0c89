// SPDX-License-Identifier: MIT
// A test-only model: the smallest thing that plugs into the runner through the Model interface, to show
// that a model is a folder and a registration, not an edit of the runner.
#pragma once

#include "models/model.h"
#include "models/modelwords.h"
#include "record/recorder.h"
#include "runner/pausegate.h"
#include "runner/runcontext.h"
#include "scenario/scenario.h"
#include "scenario/scenarioreader.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace poolscope::test {

// A pool of exactly one thread that runs tasks in submission order. Its one verb, "poke", marks every
// task submitted so far; a poked task returns "stopped" at its next step. No futures, no cancel.
class ToyRun final : public ModelRun
{
public:
    explicit ToyRun(RunContext &ctx) : m_ctx(ctx), m_thread([this] { loop(); }) { }
    ~ToyRun() override
    {
        {
            std::lock_guard lock(m_mutex);
            m_closing = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
    bool submit(quint32 task) override
    {
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back(task);
            m_ctx.recorder().record(EventKind::Submit, task);
        }
        m_cv.notify_all();
        return true;
    }
    void perform(const ActionCall &call) override
    {
        if (call.verb != Poke)
            return;
        std::lock_guard lock(m_mutex);
        m_pokedBelow = m_ctx.submittedCount();
        m_ctx.recorder().record(EventKind::StopSet);
    }
    void finish() override
    {
        std::unique_lock lock(m_mutex);
        m_idle.wait(lock, [this] { return m_queue.empty() && m_running == NoTask; });
    }
    void abort() override
    {
        std::lock_guard lock(m_mutex);
        m_pokedBelow = ~quint32(0);
    }
    void drain() override { finish(); }
    std::vector<quint32> runningTasks() const override
    {
        std::lock_guard lock(m_mutex);
        return m_running == NoTask ? std::vector<quint32>() : std::vector<quint32> { m_running };
    }

    static constexpr quint16 Poke = 1;

private:
    void loop()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_cv.wait(lock, [this] { return m_closing || !m_queue.empty(); });
            if (m_queue.empty())
                return;
            const quint32 task = m_queue.front();
            m_queue.pop_front();
            m_running = task;
            lock.unlock();
            run(task);
            lock.lock();
            m_running = NoTask;
            m_idle.notify_all();
        }
    }
    void run(quint32 task)
    {
        const TaskSpec &spec = m_ctx.specOf(task);
        m_ctx.recorder().record(EventKind::Start, task, 0);
        int done = 0;
        Outcome outcome = Outcome::Completed;
        for (int i = 0; i < spec.steps; ++i) {
            if (!m_ctx.gate().pass(task, 0, i) || !m_ctx.sleep(m_ctx.scaledNs(spec.stepMs)))
                break;
            m_ctx.recorder().record(EventKind::Step, task, 0, 0, ++done);
            std::lock_guard lock(m_mutex);
            if (task < m_pokedBelow) {
                m_ctx.recorder().record(EventKind::StopObserved, task, 0, 0, done);
                outcome = Outcome::Stopped;
                break;
            }
        }
        m_ctx.recorder().record(EventKind::End, task, 0, quint8(outcome), done);
    }

    RunContext &m_ctx;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::condition_variable m_idle;
    std::deque<quint32> m_queue;
    quint32 m_running = NoTask;
    quint32 m_pokedBelow = 0;
    bool m_closing = false;
    std::thread m_thread;
};

class ToyWords final : public ModelWords
{
public:
    QString boolean(bool value) const override { return value ? QStringLiteral("yes") : QStringLiteral("no"); }
    QString call(Call c) const override { return c == Call::StopSet ? QStringLiteral("poke()") : QStringLiteral("toy()"); }
    QString cancelResult(const QString &taskId, bool result) const override
    {
        return QStringLiteral("%1 %2").arg(taskId, boolean(result));
    }
    QString shutdownCall(quint8) const override { return QStringLiteral("close()"); }
    QString consoleLine(const Happening &h, const Run &run) const override
    {
        return h.kind == Happening::Ended ? QStringLiteral("%1 is done").arg(run.taskId(h.task)) : QString();
    }
    QString whyStillRunning(const TaskSpec &, const TaskStatus &, bool) const override
    {
        return QStringLiteral("it is a toy");
    }
    QString blockingNote(CallerBlock) const override { return {}; }
    QString queuedStillRun(int queued) const override { return QStringLiteral("%1 queued").arg(queued); }
    QString interactiveDescription(int workers) const override { return QStringLiteral("%1 toy workers").arg(workers); }
};

class ToyModel final : public Model
{
public:
    QString name() const override { return QStringLiteral("toy"); }
    QString title() const override { return QStringLiteral("A toy model (tests only)"); }
    const ModelWords &words() const override { return m_words; }
    QStringList poolKeys() const override { return {}; }
    void readPool(const ScenarioReader &, const QJsonObject &, Scenario &) const override { }
    QStringList taskKeys() const override { return { QStringLiteral("steps"), QStringLiteral("step_ms") }; }
    void readTask(const ScenarioReader &r, const QJsonObject &obj, const QString &path, TaskSpec &spec) const override
    {
        spec.steps = r.integer(obj, path, "steps", std::nullopt, 0);
        spec.stepMs = r.integer(obj, path, "step_ms", 10, 1);
    }
    const std::vector<VerbInfo> &verbs() const override
    {
        static const std::vector<VerbInfo> verbs = { { ToyRun::Poke, "poke", false } };
        return verbs;
    }
    void readAction(const ScenarioReader &r, const QJsonObject &obj, const QString &path, ScenarioAction &) const override
    {
        r.warnUnknownKeys(obj, path, { QStringLiteral("at_ms"), QStringLiteral("do") });
    }
    std::unique_ptr<ModelRun> createRun(RunContext &ctx) const override { return std::make_unique<ToyRun>(ctx); }

private:
    ToyWords m_words;
};

} // namespace poolscope::test
