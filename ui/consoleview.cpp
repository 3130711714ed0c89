// SPDX-License-Identifier: MIT
#include "consoleview.h"

#include "runmodel.h"
#include "statepalette.h"

#include <QFontDatabase>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSyntaxHighlighter>

namespace poolscope {

namespace {

constexpr int MaxLines = 600;
// At most this many new lines a refresh: nobody reads more in 33 ms, and a huge run (10,000 submits at once)
// must not lay out thousands of lines in one go. The skipped count is printed instead.
constexpr int MaxLinesPerRefresh = 40;

QString stamp(qint64 ns, qint16 worker)
{
    const QString who = worker < 0 ? QStringLiteral("main") : QStringLiteral("worker-%1").arg(worker + 1);
    return QStringLiteral("%1 s  %2  ").arg(double(ns) / 1e9, 7, 'f', 2).arg(who, -9);
}

// The lines the lesson is about stand out by weight and a mark-coloured background, not colour alone.
class ConsoleHighlighter : public QSyntaxHighlighter
{
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString &text) override
    {
        static const QRegularExpression refused(QStringLiteral("→ False.*$"));
        static const QRegularExpression accepted(QStringLiteral("→ True"));
        static const QRegularExpression prints(
            QStringLiteral("(The task is running\\.\\.\\.|Cancel task\\.\\.\\.|Stop task\\.\\.\\.|Waiting\\.\\.\\.|"
                           "All done\\.)"));
        static const QRegularExpression error(QStringLiteral("(RuntimeError|failed|Error).*$"));
        static const QRegularExpression time(QStringLiteral("^\\s*[0-9.]+ s"));
        QTextCharFormat muted;
        muted.setForeground(palette::mutedTextColor());
        for (auto it = time.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), muted);
        }
        QTextCharFormat bold;
        bold.setFontWeight(QFont::Bold);
        for (auto it = prints.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), bold);
        }
        QTextCharFormat no = bold;
        no.setBackground(palette::markTint(palette::Mark::CancelRefused));
        for (auto it = refused.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), no);
        }
        QTextCharFormat yes = bold;
        yes.setBackground(palette::stateTint(TaskState::Cancelled));
        for (auto it = accepted.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), yes);
        }
        QTextCharFormat err = bold;
        err.setForeground(palette::stateColor(TaskState::Failed).darker(130));
        for (auto it = error.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), err);
        }
    }
};

} // namespace

void ConsoleWriter::reset(size_t tasks)
{
    m_seen.assign(tasks, NotStarted);
}

QString ConsoleWriter::line(const Session &session, const RecordedEvent &e)
{
    auto id
        = [&](quint32 t) { return t < session.tasks.size() ? session.tasks[t].id : QStringLiteral("#%1").arg(t + 1); };
    auto steps = [&](quint32 t) { return t < session.tasks.size() ? session.tasks[t].steps : 0; };
    if (e.task != NoTask && e.task >= m_seen.size())
        m_seen.resize(size_t(e.task) + 1, NotStarted);
    const QString head = stamp(e.tNs, e.worker);
    switch (e.kind) {
    case EventKind::Submit:
        return head + QStringLiteral("executor.submit(task) → %1").arg(id(e.task));
    case EventKind::Start:
        m_seen[e.task] = Started;
        return head + QStringLiteral("%1: The task is running...").arg(id(e.task));
    case EventKind::Step:
        return {};
    case EventKind::CancelCall: {
        if (e.flags & CancelByShutdownFlag)
            return head + QStringLiteral("shutdown(cancel_futures=True) cancels %1 → True").arg(id(e.task));
        QString why;
        if (!e.cancelResult())
            why = m_seen[e.task] == Ended ? QStringLiteral(" (already done)") : QStringLiteral(" (it is running)");
        return head
            + QStringLiteral("Cancel task... %1.cancel() → %2%3")
                  .arg(id(e.task), e.cancelResult() ? QStringLiteral("True") : QStringLiteral("False"), why);
    }
    case EventKind::CancelSkip:
        return head + QStringLiteral("skips %1: it was cancelled").arg(id(e.task));
    case EventKind::StopSet:
        return head + QStringLiteral("Stop task... event.set()");
    case EventKind::StopClear:
        return head + QStringLiteral("event.clear()");
    case EventKind::StopObserved:
        return head + QStringLiteral("%1 sees the event is set: returning").arg(id(e.task));
    case EventKind::End: {
        if (e.task != NoTask)
            m_seen[e.task] = Ended;
        switch (e.outcome()) {
        case Outcome::Stopped:
            return head
                + QStringLiteral("%1 stopped after %2 of %3 steps").arg(id(e.task)).arg(e.value).arg(steps(e.task));
        case Outcome::Failed:
            return head + QStringLiteral("%1 failed at step %2: TaskFailure raised").arg(id(e.task)).arg(e.value + 1);
        case Outcome::Cancelled:
            return head + QStringLiteral("%1 cancelled").arg(id(e.task));
        default:
            return head
                + QStringLiteral("%1 completed: %2 of %3 steps").arg(id(e.task)).arg(e.value).arg(steps(e.task));
        }
    }
    case EventKind::ShutdownBegin: {
        const bool wait = e.flags & ShutdownWaitFlag;
        QString text = head
            + QStringLiteral("executor.shutdown(wait=%1, cancel_futures=%2)")
                  .arg(wait ? QStringLiteral("True") : QStringLiteral("False"),
                      (e.flags & ShutdownCancelFuturesFlag) ? QStringLiteral("True") : QStringLiteral("False"));
        if (wait)
            text += QStringLiteral("\n") + head + QStringLiteral("Waiting...");
        return text;
    }
    case EventKind::ShutdownEnd:
        return head + QStringLiteral("shutdown() returned");
    case EventKind::WaitBegin:
        return head + QStringLiteral("Waiting...");
    case EventKind::WaitEnd:
        return head + QStringLiteral("All done.");
    }
    return {};
}

ConsoleView::ConsoleView(RunModel *model, QWidget *parent)
    : QPlainTextEdit(parent)
    , m_model(model)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setMaximumBlockCount(MaxLines);
    setCenterOnScroll(false);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF());
    setFont(mono);
    setPlaceholderText(QStringLiteral("What the program prints appears here."));
    new ConsoleHighlighter(document());
    connect(model, &RunModel::sessionReset, this, &ConsoleView::rebuild);
    connect(model, &RunModel::eventsAppended, this, &ConsoleView::onEventsAppended);
    rebuild();
}

void ConsoleView::appendNote(const QString &text)
{
    const qint64 t = m_model->endNs();
    appendPlainText(stamp(t, -1).replace(QStringLiteral("main     "), QStringLiteral("poolscope")) + text);
}

QStringList ConsoleView::lines() const
{
    return toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void ConsoleView::rebuild()
{
    clear();
    m_writer.reset(m_model->session().tasks.size());
    m_processed = 0;
    onEventsAppended(0, int(m_model->session().events.size()));
}

void ConsoleView::onEventsAppended(int first, int count)
{
    const auto &events = m_model->session().events;
    if (size_t(first) < m_processed) {
        // Late events were merged before lines already printed: print the run again, in time order.
        clear();
        m_writer.reset(m_model->session().tasks.size());
        m_processed = 0;
    }
    Q_UNUSED(count);
    QStringList out;
    const Session &session = m_model->session();
    for (size_t i = m_processed; i < events.size(); ++i) {
        QString l = m_writer.line(session, events[i]);
        if (!l.isEmpty())
            out << std::move(l);
    }
    m_processed = events.size();
    if (out.isEmpty())
        return;
    if (out.size() > MaxLinesPerRefresh) {
        const qsizetype skipped = out.size() - MaxLinesPerRefresh;
        out = out.mid(skipped);
        out.prepend(QStringLiteral("… %1 more lines in this moment (see the table and the timeline)").arg(skipped));
    }
    // One append per refresh: the document lays out once, and the view scrolls to the end only if the
    // reader was already there.
    QScrollBar *bar = verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    appendPlainText(out.join(QLatin1Char('\n')));
    if (atEnd)
        bar->setValue(bar->maximum());
}

} // namespace poolscope
