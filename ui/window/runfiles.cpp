// SPDX-License-Identifier: MIT
#include "window/runfiles.h"

#include "io/runoutput.h"
#include "io/runfile.h"
#include "io/runwriters.h"
#include "models/modelregistry.h"
#include "scenario/scenarioplan.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QHash>
#include <QKeySequence>
#include <QMenu>
#include <QMessageBox>
#include <QScopeGuard>

namespace poolscope::runfiles {

Opened open(QWidget *parent, const QString &path)
{
    Opened opened;
    if (looksLikeRunFile(path)) {
        QString error;
        std::optional<Run> run = loadRunFile(path, &error);
        if (run && !findModel(run->info.model))
            error = QStringLiteral("%1: the run's model \"%2\" is not one this poolscope knows (%3)")
                            .arg(path, run->info.model, modelNames().join(QStringLiteral(", ")));
        if (!error.isEmpty()) {
            QMessageBox::warning(parent, QStringLiteral("Cannot open the saved run"), error);
            return opened;
        }
        opened.run = std::move(run);
        return opened;
    }
    const ScenarioParseResult result = loadScenarioFile(path);
    if (!result.scenario) {
        QMessageBox::warning(parent, QStringLiteral("Cannot open the scenario"), result.errors.join(QLatin1Char('\n')));
        return opened;
    }
    for (const QString &w : result.warnings)
        opened.notes << QStringLiteral("warning: ") + w;
    // A file's author is told when an action sits so near a boundary that its outcome is up to chance.
    for (const QString &w : planScenario(*result.scenario).timingWarnings)
        opened.notes << QStringLiteral("warning: %1: %2").arg(QFileInfo(path).fileName(), w);
    opened.scenario = result.scenario;
    return opened;
}

QString askOpenPath(QWidget *parent)
{
    return QFileDialog::getOpenFileName(parent, QStringLiteral("Open a scenario or a saved run"), QString(),
                                        QStringLiteral("Scenarios and runs (*.json *.poolscope);;All files (*)"));
}

QString exportRun(QWidget *parent, const Run &run, const RunWriter &writer)
{
    QString title = writer.menuText;
    title.remove(QLatin1Char('&'));
    title.remove(QStringLiteral("…"));
    const QString suggested = run.info.scenarioName + QLatin1Char('.')
            + (writer.option == QLatin1String("trace") ? QStringLiteral("trace.json") : writer.suffix);
    const QString path = QFileDialog::getSaveFileName(parent, title, suggested, writer.fileFilter);
    if (path.isEmpty())
        return {};
    QString error;
    bool ok;
    {
        // Large runs take a moment to write; say so with the cursor.
        QApplication::setOverrideCursor(Qt::WaitCursor);
        const auto restore = qScopeGuard([] { QApplication::restoreOverrideCursor(); });
        ok = writer.write(RunOutput(run), path, &error);
    }
    if (!ok) {
        QMessageBox::warning(parent, title, error);
        return {};
    }
    return path;
}

void fillExportMenu(QMenu *menu, QWidget *parent, std::function<std::optional<Run>()> run,
                    std::function<void(const QString &)> written)
{
    menu->setToolTipsVisible(true);
    for (const RunWriter &writer : runWriters()) {
        if (!writer.exportItem)
            continue;
        QAction *a = menu->addAction(writer.menuText);
        a->setToolTip(writer.help);
        static const QHash<QString, QKeySequence> keys = {
            { QStringLiteral("trace"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T) },
            { QStringLiteral("export-csv"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C) },
            { QStringLiteral("export-png"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P) },
            { QStringLiteral("export-svg"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G) },
            { QStringLiteral("report"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R) },
        };
        if (keys.contains(writer.option)) {
            a->setShortcut(keys.value(writer.option));
            parent->addAction(a); // the shortcut works wherever the focus is
        }
        const QString option = writer.option;
        QObject::connect(a, &QAction::triggered, parent, [parent, run, written, option] {
            const RunWriter *w = findRunWriter(option);
            const std::optional<Run> r = run();
            if (!w || !r)
                return;
            const QString path = exportRun(parent, *r, *w);
            if (!path.isEmpty())
                written(path);
        });
    }
}

} // namespace poolscope::runfiles
