// SPDX-License-Identifier: MIT
#include "io/runsource.h"

#include "io/runfile.h"
#include "models/modelregistry.h"

namespace poolscope {

bool namesRunFile(const QString &nameOrPath)
{
    return nameOrPath.endsWith(QLatin1String(".poolscope")) || looksLikeRunFile(nameOrPath);
}

RunSource loadRunSource(const QString &nameOrPath)
{
    RunSource source;
    if (namesRunFile(nameOrPath)) {
        std::optional<Run> run = loadRunFile(nameOrPath, &source.error);
        if (run && !findModel(run->info.model)) {
            source.error = QStringLiteral("%1: the run's model \"%2\" is not one of %3")
                                   .arg(nameOrPath, run->info.model, modelNames().join(QStringLiteral(", ")));
            return source;
        }
        source.run = std::move(run);
        return source;
    }
    ScenarioParseResult parsed = loadScenario(nameOrPath);
    source.warnings = parsed.warnings;
    source.error = parsed.error;
    source.scenario = std::move(parsed.scenario);
    return source;
}

} // namespace poolscope
