// SPDX-License-Identifier: MIT
// The Python model: concurrent.futures.ThreadPoolExecutor and threading.Event, as CPython runs them.
#pragma once

#include "models/model.h"
#include "models/python/pythonwords.h"

namespace poolscope {

class PythonModel final : public Model
{
public:
    QString name() const override { return QStringLiteral("python"); }
    QString title() const override { return QStringLiteral("Python concurrent.futures"); }
    const ModelWords &words() const override { return m_words; }

    QStringList poolKeys() const override { return {}; }
    void readPool(const ScenarioReader &r, const QJsonObject &root, Scenario &scenario) const override;
    QStringList taskKeys() const override;
    void readTask(const ScenarioReader &r, const QJsonObject &obj, const QString &path, TaskSpec &spec) const override;
    const std::vector<VerbInfo> &verbs() const override;
    void readAction(const ScenarioReader &r, const QJsonObject &obj, const QString &path,
                    ScenarioAction &action) const override;
    void validate(const ScenarioReader &r, const Scenario &scenario) const override;

    std::unique_ptr<ModelRun> createRun(RunContext &ctx) const override;

    void reportRunKeys(const Run &run, const RunState &state, std::vector<ReportKey> *keys) const override;

    bool canPlan() const override { return true; }
    ScenarioPlan plan(const Scenario &scenario) const override;

private:
    PythonWords m_words;
};

} // namespace poolscope
