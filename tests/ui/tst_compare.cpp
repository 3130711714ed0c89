// SPDX-License-Identifier: MIT
// Two runs compared: both rows end with the outcomes their headless reports give, and the two timelines
// keep one time axis (range, x for a time, left edge), one cursor and one zoom. Offscreen, real runs.
#include "compare/comparedialog.h"
#include "compare/comparedrun.h"
#include "compare/comparisonwindow.h"
#include "compare/outcomedifferences.h"
#include "compare/sharedtimeaxis.h"
#include "fakeruns.h"
#include "io/reportwriter.h"
#include "io/runfile.h"
#include "io/runsource.h"
#include "render/timelineviewport.h"
#include "replay/taskstatus.h"
#include "runner/scenariorun.h"
#include "table/tasktablemodel.h"
#include "timeline/timelinepanel.h"
#include "timeline/timelineview.h"
#include "window/rundocument.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using namespace poolscope;

Q_DECLARE_METATYPE(RunSource)

namespace {

// Fast enough for a test, slow enough that every action keeps its mid-step margin on a loaded machine.
constexpr double TimeScale = 0.25;
constexpr int EndTimeoutMs = 60000;

// (id, outcome) per task, as the report written from the run says.
QList<QPair<QString, QString>> reportOutcomes(const Run &run)
{
    QList<QPair<QString, QString>> out;
    const QJsonObject report = QJsonDocument::fromJson(reportJson(run)).object();
    for (const QJsonValue &t : report.value(QStringLiteral("tasks")).toArray())
        out << qMakePair(t[QStringLiteral("id")].toString(), t[QStringLiteral("outcome")].toString());
    return out;
}

// What the headless command gives for a source: a scenario is run headless (runScenario, as
// `poolscope --headless` does), a saved run is read.
QList<QPair<QString, QString>> headlessOutcomes(const RunSource &source)
{
    if (source.run)
        return reportOutcomes(*source.run);
    return reportOutcomes(runScenario(*source.scenario, TimeScale));
}

QList<QPair<QString, QString>> shownOutcomes(const ComparedRun *row)
{
    QList<QPair<QString, QString>> out;
    const TaskTableModel *model = row->taskModel();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex index = model->index(r, TaskTableModel::StateColumn);
        out << qMakePair(index.data(TaskTableModel::TaskIdRole).toString(),
                         QString::fromLatin1(taskStateName(TaskState(index.data(TaskTableModel::StateRole).toInt()))));
    }
    return out;
}

double plotLeftInWindow(const ComparedRun *row, const QWidget *window)
{
    TimelineView *view = row->timeline()->view();
    const double left = view->renderer().layout(view->size(), view->params()).plot.left();
    return view->mapTo(window, QPoint(0, 0)).x() + left;
}

double plotWidth(const ComparedRun *row)
{
    TimelineView *view = row->timeline()->view();
    return view->renderer().layout(view->size(), view->params()).plot.width();
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void comparesTwoRuns_data();
    void comparesTwoRuns();
    void sharedAxisLinesUpUnlikeRuns();
    void differencesInWords();
    void dialogDefaultsToAPartner();

private:
    RunSource source(const QString &name) const;
    QTemporaryDir m_dir;
};

void TestCompare::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Two saved runs, written the way --save-run writes them.
    for (const QString &name : { QStringLiteral("cancel-running"), QStringLiteral("cancel-then-stop") }) {
        const RunSource scenario = loadRunSource(name);
        QVERIFY2(scenario.scenario, qPrintable(scenario.error));
        QString error;
        QVERIFY2(saveRunFile(runScenario(*scenario.scenario, TimeScale), m_dir.filePath(name + QStringLiteral(".poolscope")),
                             &error),
                 qPrintable(error));
    }
}

RunSource TestCompare::source(const QString &name) const
{
    // "saved:NAME" is the run saved in initTestCase; anything else a built-in.
    if (name.startsWith(QLatin1String("saved:")))
        return loadRunSource(m_dir.filePath(name.mid(6) + QStringLiteral(".poolscope")));
    return loadRunSource(name);
}

void TestCompare::comparesTwoRuns_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("difference"); // a phrase of the line under the rows
    QTest::addColumn<QStringList>("marked"); // the ids marked "≠" in both tables
    QTest::newRow("two built-ins") << "cancel-running" << "stop-event" << "download: completed in A, stopped in B"
                                   << QStringList { "download" };
    QTest::newRow("two saved runs") << "saved:cancel-then-stop" << "saved:cancel-running"
                                    << "A: 2 stopped, 3 cancelled; cancel() → False ×2, True ×3  ·  B: 1 completed; "
                                       "cancel() → False ×1"
                                    << QStringList();
    QTest::newRow("a built-in and a saved run") << "stop-event" << "saved:cancel-running"
                                                << "download: stopped in A, completed in B" << QStringList { "download" };
}

void TestCompare::comparesTwoRuns()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, difference);
    QFETCH(QStringList, marked);
    const RunSource sourceA = source(a);
    const RunSource sourceB = source(b);
    QVERIFY2(sourceA.error.isEmpty() && sourceB.error.isEmpty(), qPrintable(sourceA.error + sourceB.error));

    ComparisonWindow window;
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy ended(&window, &ComparisonWindow::ended);
    window.start(sourceA, sourceB, TimeScale);
    QVERIFY(ended.count() == 1 || ended.wait(EndTimeoutMs));
    QVERIFY(window.bothEnded());

    // Each row holds its run's tasks, ended as the headless report says.
    QCOMPARE(shownOutcomes(window.runA()), headlessOutcomes(sourceA));
    QCOMPARE(shownOutcomes(window.runB()), headlessOutcomes(sourceB));
    QVERIFY2(window.differencesText().contains(difference), qPrintable(window.differencesText()));
    // The rows that ended otherwise are marked in both tables, the other rows not.
    const QSet<QString> expected(marked.begin(), marked.end());
    QCOMPARE(window.runA()->markedDiffering(), expected);
    QCOMPARE(window.runB()->markedDiffering(), expected);

    // One time axis: the same range, reaching past the longer run's end; the plots begin at the same x and
    // are as wide, so a time is at the same x in both.
    TimelineViewport *va = window.runA()->timeline()->viewport();
    TimelineViewport *vb = window.runB()->timeline()->viewport();
    const qint64 longest = std::max(window.runA()->document()->endNs(), window.runB()->document()->endNs());
    QTRY_COMPARE(va->rangeStart(), vb->rangeStart());
    QCOMPARE(va->rangeEnd(), vb->rangeEnd());
    QVERIFY2(va->rangeEnd() >= longest, qPrintable(QStringLiteral("%1 < %2").arg(va->rangeEnd()).arg(longest)));
    QTRY_COMPARE(plotLeftInWindow(window.runA(), &window), plotLeftInWindow(window.runB(), &window));
    QCOMPARE(plotWidth(window.runA()), plotWidth(window.runB()));

    // One cursor: Home in A's timeline puts both at 0; stepping in B moves A's too.
    TimelineView *viewA = window.runA()->timeline()->view();
    TimelineView *viewB = window.runB()->timeline()->view();
    QTest::keyClick(viewA, Qt::Key_Home);
    QTRY_COMPARE(window.runB()->document()->cursorNs(), qint64(0));
    QTest::keyClick(viewB, Qt::Key_Right);
    QTRY_VERIFY(window.runB()->document()->cursorNs() > 0);
    QCOMPARE(window.runA()->document()->cursorNs(), window.runB()->document()->cursorNs());
    // A click on B's axis, at some x: A's cursor goes to the same time.
    const QRectF axisB = viewB->renderer().layout(viewB->size(), viewB->params()).axis;
    QTest::mouseClick(viewB, Qt::LeftButton, {}, QPoint(int(axisB.left() + axisB.width() * 0.6), int(axisB.center().y())));
    QTRY_VERIFY(window.runA()->document()->cursorNs() > window.runA()->document()->endNs() / 3);
    QCOMPARE(window.runA()->document()->cursorNs(), window.runB()->document()->cursorNs());

    // One zoom: zoom in A, B shows the same shorter range; zoom out in B, A follows; End follows both again.
    const qint64 whole = va->rangeLength();
    QTest::keyClick(viewA, Qt::Key_Plus);
    QTRY_VERIFY(va->rangeLength() < whole);
    QCOMPARE(vb->rangeStart(), va->rangeStart());
    QCOMPARE(vb->rangeEnd(), va->rangeEnd());
    QVERIFY(!vb->following());
    const qint64 zoomed = va->rangeLength();
    QTest::keyClick(viewB, Qt::Key_Minus);
    QTRY_VERIFY(va->rangeLength() > zoomed);
    QCOMPARE(va->rangeStart(), vb->rangeStart());
    QCOMPARE(va->rangeEnd(), vb->rangeEnd());
    QTest::keyClick(viewB, Qt::Key_End);
    QTRY_VERIFY(va->following());
    QCOMPARE(va->rangeLength(), whole);
    QCOMPARE(window.runA()->document()->cursorNs(), qint64(-1));
}

void TestCompare::sharedAxisLinesUpUnlikeRuns()
{
    // A short run on one worker and a run three times as long on twelve ("worker-12" needs a wider gutter).
    synth::Options small;
    small.tasks = 1;
    small.workers = 1;
    synth::Options wide;
    wide.tasks = 36;
    wide.workers = 12;
    RunDocument a, b;
    a.setRun(synth::make(small));
    b.setRun(synth::make(wide));
    QVERIFY(b.endNs() > 2 * a.endNs());
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *panelA = new TimelinePanel(&a);
    auto *panelB = new TimelinePanel(&b);
    layout->addWidget(panelA);
    layout->addWidget(panelB);
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    TimelineView *viewA = panelA->view();
    TimelineView *viewB = panelB->view();
    // Apart, each has its own axis and its own left edge.
    QVERIFY(viewB->naturalGutterWidth() > viewA->naturalGutterWidth());
    QVERIFY(panelA->viewport()->rangeEnd() < panelB->viewport()->rangeEnd());

    SharedTimeAxis axis;
    axis.add(viewA, &a);
    axis.add(viewB, &b);
    auto plotOf = [](TimelineView *view) { return view->renderer().layout(view->size(), view->params()).plot; };
    QCOMPARE(plotOf(viewA).left(), plotOf(viewB).left());
    QCOMPARE(plotOf(viewA).width(), plotOf(viewB).width());
    QCOMPARE(panelA->viewport()->rangeStart(), panelB->viewport()->rangeStart());
    QCOMPARE(panelA->viewport()->rangeEnd(), panelB->viewport()->rangeEnd());
    QVERIFY(panelA->viewport()->rangeEnd() >= b.endNs());
    // A pan in one is a pan in both; the cursor set in B is A's.
    QTest::keyClick(viewA, Qt::Key_Plus);
    QTest::keyClick(viewA, Qt::Key_Right, Qt::ControlModifier);
    QVERIFY(panelB->viewport()->rangeStart() > 0);
    QCOMPARE(panelB->viewport()->rangeStart(), panelA->viewport()->rangeStart());
    QCOMPARE(panelB->viewport()->rangeEnd(), panelA->viewport()->rangeEnd());
    b.setCursorNs(b.endNs() / 2);
    QCOMPARE(a.cursorNs(), b.endNs() / 2);
}

void TestCompare::differencesInWords()
{
    // Saved runs of the same tasks, ended differently: the phrase names the task and both outcomes.
    const RunSource running = source(QStringLiteral("saved:cancel-running"));
    const RunSource both = source(QStringLiteral("saved:cancel-then-stop"));
    QVERIFY(running.run && both.run);
    RunDocument a, b;
    a.setRun(*running.run);
    b.setRun(*running.run);
    int shared = 0;
    QCOMPARE(outcomeDifferences(a.run(), a.reading().state(), b.run(), b.reading().state(), a.words(), &shared),
             QStringList());
    QCOMPARE(shared, 1);
    QVERIFY(differencesLine(a.run(), a.reading().state(), b.run(), b.reading().state(), a.words()).contains(QLatin1String("ended alike")));
    b.setRun(*both.run);
    QCOMPARE(outcomeDifferences(a.run(), a.reading().state(), b.run(), b.reading().state(), a.words(), &shared),
             QStringList());
    QCOMPARE(shared, 0);
}

void TestCompare::dialogDefaultsToAPartner()
{
    CompareDialog dialog;
    dialog.setChoices(QStringLiteral("cancel-running"));
    QCOMPARE(dialog.choiceA(), QStringLiteral("cancel-running"));
    QCOMPARE(dialog.choiceB(), QStringLiteral("cancel-then-stop"));
    dialog.setChoices(QStringLiteral("cancel-then-stop"));
    QCOMPARE(dialog.choiceB(), QStringLiteral("cancel-running"));
    // A file is offered as itself.
    dialog.setChoices(m_dir.filePath(QStringLiteral("cancel-running.poolscope")), QStringLiteral("stop-event"));
    QCOMPARE(dialog.choiceA(), m_dir.filePath(QStringLiteral("cancel-running.poolscope")));
    QCOMPARE(dialog.choiceB(), QStringLiteral("stop-event"));

    // Keyboard: every field and button has its own Alt+letter, and each label leads to its choice.
    QHash<QChar, QString> letters;
    auto mnemonic = [](const QString &text) {
        const qsizetype at = text.indexOf(QLatin1Char('&'));
        return at >= 0 && at + 1 < text.size() ? text.at(at + 1).toLower() : QChar();
    };
    QStringList texts;
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (!mnemonic(label->text()).isNull()) {
            QVERIFY2(qobject_cast<QComboBox *>(label->buddy()), qPrintable(label->text()));
            texts << label->text();
        }
    }
    for (const QAbstractButton *button : dialog.findChildren<QAbstractButton *>())
        texts << button->text();
    for (const QString &text : std::as_const(texts)) {
        const QChar key = mnemonic(text);
        if (key.isNull())
            continue;
        QVERIFY2(!letters.contains(key), qPrintable(text + QStringLiteral(" and ") + letters.value(key)));
        letters.insert(key, text);
    }
    QVERIFY(letters.size() >= 5); // A, B, their two File buttons, Compare
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
