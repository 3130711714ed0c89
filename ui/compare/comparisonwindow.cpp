// SPDX-License-Identifier: MIT
#include "compare/comparisonwindow.h"

#include "compare/comparedrun.h"
#include "compare/outcomedifferences.h"
#include "compare/sharedtimeaxis.h"
#include "timeline/timelinepanel.h"
#include "timeline/timelineview.h"
#include "window/rundocument.h"
#include "window/windowpictures.h"

#include <QApplication>
#include <QFrame>
#include <QLabel>
#include <QPixmap>
#include <QShortcut>
#include <QTimer>
#include <QVBoxLayout>

namespace poolscope {

ComparisonWindow::ComparisonWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
{
    setWindowTitle(QStringLiteral("poolscope — two runs compared"));
    m_a = new ComparedRun(QStringLiteral("A"), this);
    m_b = new ComparedRun(QStringLiteral("B"), this);
    m_axis = new SharedTimeAxis(this);
    m_axis->add(m_a->timeline()->view(), m_a->document());
    m_axis->add(m_b->timeline()->view(), m_b->document());

    auto *rule = new QFrame(this);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Sunken);
    m_differences = new QLabel(QStringLiteral("What ended differently shows here once both runs have ended."), this);
    m_differences->setWordWrap(true);
    m_differences->setTextFormat(Qt::PlainText);
    m_differences->setAccessibleName(QStringLiteral("Differences"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(6);
    layout->addWidget(m_a, 1);
    layout->addWidget(rule);
    layout->addWidget(m_b, 1);
    layout->addWidget(m_differences);

    m_layout = layout;
    for (ComparedRun *run : { m_a, m_b }) {
        connect(run->document(), &RunDocument::runReset, this, &ComparisonWindow::shareHeight);
        connect(run, &ComparedRun::ended, this, &ComparisonWindow::onRunEnded);
        connect(run, &ComparedRun::wantedTableWidthChanged, this, &ComparisonWindow::alignTables);
    }
    alignTables();
    auto *close = new QShortcut(QKeySequence::Close, this);
    connect(close, &QShortcut::activated, this, &QWidget::close);
}

ComparisonWindow::~ComparisonWindow() = default;

void ComparisonWindow::start(const RunSource &a, const RunSource &b, double timeScale)
{
    m_endedSignalled = false;
    m_a->markDiffering({});
    m_b->markDiffering({});
    m_a->start(a, timeScale);
    m_b->start(b, timeScale);
    setWindowTitle(QStringLiteral("poolscope — A: %1 · B: %2").arg(m_a->name(), m_b->name()));
    onRunEnded();
    // A saved run lets ←/→ step at once; a live pair is watched first.
    m_a->timeline()->view()->setFocus(Qt::OtherFocusReason);
}

bool ComparisonWindow::bothEnded() const
{
    return m_a->hasEnded() && m_b->hasEnded();
}

QString ComparisonWindow::differencesText() const
{
    return m_differences->text();
}

void ComparisonWindow::alignTables()
{
    // One width for both tables: the timelines then begin at the same x (SharedTimeAxis lines up the lane
    // labels inside them).
    // The tables take what they want up to half the width: the timelines are the picture.
    const int wanted = std::max(m_a->wantedTableWidth(), m_b->wantedTableWidth());
    const int floor = std::max(m_a->minimumTableWidth(), m_b->minimumTableWidth());
    const int width = std::max(floor, std::min(wanted, this->width() / 2));
    m_a->setTableWidth(width);
    m_b->setTableWidth(width);
}

void ComparisonWindow::shareHeight()
{
    // Each row's share of the height as its timeline asks for it: a run of five tasks queued on two
    // workers needs more lanes than one task on one.
    m_layout->setStretchFactor(m_a, m_a->timeline()->view()->sizeHint().height());
    m_layout->setStretchFactor(m_b, m_b->timeline()->view()->sizeHint().height());
}

void ComparisonWindow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    alignTables();
}

void ComparisonWindow::onRunEnded()
{
    if (!bothEnded() || m_endedSignalled)
        return;
    m_endedSignalled = true;
    m_differences->setText(differencesLine(m_a->document()->run(), m_a->document()->reading().state(),
                                           m_b->document()->run(), m_b->document()->reading().state(),
                                           m_a->document()->words()));
    QSet<QString> differing;
    outcomeDifferences(m_a->document()->run(), m_a->document()->reading().state(), m_b->document()->run(),
                       m_b->document()->reading().state(), m_a->document()->words(), nullptr, &differing);
    m_a->markDiffering(differing);
    m_b->markDiffering(differing);
    emit ended();
    if (!m_screenshotPath.isEmpty())
        QTimer::singleShot(150, this, &ComparisonWindow::takeScreenshot); // the views' last repaint first
}

void ComparisonWindow::setScreenshotPath(const QString &path)
{
    m_screenshotPath = path;
}

void ComparisonWindow::takeScreenshot()
{
    if (WindowPictures::save(this, m_screenshotPath))
        emit screenshotSaved(m_screenshotPath);
    else
        emit screenshotFailed(m_screenshotPath);
}

} // namespace poolscope
