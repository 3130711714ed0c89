// SPDX-License-Identifier: MIT
// The Java model: java.util.concurrent's ThreadPoolExecutor and FutureTask, as Java 17 runs them.
#pragma once

#include "models/java/javawords.h"
#include "models/model.h"

namespace poolscope {

class JavaModel final : public Model
{
public:
    QString name() const override { return QStringLiteral("java"); }
    QString title() const override { return QStringLiteral("Java ExecutorService"); }
    const ModelWords &words() const override { return m_words; }

    QStringList poolKeys() const override;
    void readPool(const ScenarioReader &r, const QJsonObject &root, Scenario &scenario) const override;
    QStringList taskKeys() const override;
    void readTask(const ScenarioReader &r, const QJsonObject &obj, const QString &path, TaskSpec &spec) const override;
    const std::vector<VerbInfo> &verbs() const override;
    void readAction(const ScenarioReader &r, const QJsonObject &obj, const QString &path,
                    ScenarioAction &action) const override;

    std::unique_ptr<ModelRun> createRun(RunContext &ctx) const override;
    PoolShape poolShape(const RunInfo &info) const override;

    // Per task "future" and "thread"; per run "shutdown_now_returned", "await_termination_results",
    // "largest_pool_size".
    void reportTaskKeys(const Run &run, const RunState &state, quint32 task, std::vector<ReportKey> *keys) const override;
    void reportRunKeys(const Run &run, const RunState &state, std::vector<ReportKey> *keys) const override;

private:
    JavaWords m_words;
};

} // namespace poolscope
