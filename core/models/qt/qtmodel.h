// SPDX-License-Identifier: MIT
// The Qt model: QtConcurrent::run with a QPromise on a QThreadPool, as Qt 6 runs them (Qt's own classes).
#pragma once

#include "models/model.h"
#include "models/qt/qtwords.h"

#include <algorithm>

namespace poolscope {

class QtModel final : public Model
{
public:
    QString name() const override { return QStringLiteral("qt"); }
    QString title() const override { return QStringLiteral("Qt QtConcurrent::run + QPromise"); }
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
    // A suspended task lends its thread back to the pool, which may start another: a lane each.
    int maxLanes(int workers, quint64 taskCount) const override
    {
        return int(std::min<quint64>(quint64(workers) + taskCount, 32767));
    }

    // Per task: "stopped_by", "cancel_found", "cleared", "thread" (see the README's Qt section).
    void reportTaskKeys(const Run &run, const RunState &state, quint32 task, std::vector<ReportKey> *keys) const override;

private:
    QtWords m_words;
};

} // namespace poolscope
