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

OpenedScenario openScenario(const QString &path)
{
    OpenedScenario opened;
    const ScenarioParseResult result = loadScenarioFile(path);
    if (!result.scenario) {
        opened.error = result.errors.join(QLatin1Char('\n'));
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

bool namesSavedRun(const QString &path)
{
    return looksLikeRunFile(path) || (!QFileInfo(path).isReadable() && path.endsWith(QLatin1String(".poolscope"), Qt::CaseInsensitive));
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
