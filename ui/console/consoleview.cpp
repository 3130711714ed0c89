// SPDX-License-Identifier: MIT
#include "console/consoleview.h"

#include "models/modelwords.h"
#include "replay/consolelines.h"
#include "window/rundocument.h"
#include "render/statepalette.h"

#include <QFontDatabase>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSyntaxHighlighter>
#include <QTextBlock>

namespace poolscope {

namespace {

constexpr int MaxLines = 600;
// At most this many new lines a refresh: nobody reads more in 33 ms, and a huge run (10,000 submits at once)
// must not lay out thousands of lines in one go. The skipped count is printed instead.
constexpr int MaxLinesPerRefresh = 40;

// The lines the lesson is about stand out by weight and a mark-coloured background, not colour alone.
class ConsoleHighlighter : public QSyntaxHighlighter
{
public:
    ConsoleHighlighter(const RunDocument *document, QTextDocument *text) : QSyntaxHighlighter(text), m_document(document) { }

protected:
    void highlightBlock(const QString &text) override
    {
        // A call's result in the run's model's spelling ("→ False" in Python, "→ false" in Java). Compiled
        // once per spelling, not per line: a live run highlights thousands of lines.
        const ModelWords &words = m_document->words();
        if (m_false != words.boolean(false) || m_true != words.boolean(true)) {
            m_false = words.boolean(false);
            m_true = words.boolean(true);
            m_refused = QRegularExpression(QStringLiteral("→ %1.*$").arg(QRegularExpression::escape(m_false)));
            m_accepted = QRegularExpression(QStringLiteral("→ %1").arg(QRegularExpression::escape(m_true)));
        }
        const QRegularExpression &refused = m_refused;
        const QRegularExpression &accepted = m_accepted;
        static const QRegularExpression prints(
            QStringLiteral("(The task is running\\.\\.\\.|Cancel task\\.\\.\\.|Stop task\\.\\.\\.|Waiting\\.\\.\\.|"
                           "All done\\.)"));
        static const QRegularExpression error(QStringLiteral("(RuntimeError|failed|Error).*$"));
        static const QRegularExpression time(QStringLiteral("^\\s*[0-9.]+ s( · \\S+)?"));
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

private:
    const RunDocument *m_document;
    QString m_false, m_true;
    QRegularExpression m_refused, m_accepted;
};

// The run time of the happening a line prints: the cursor finds lines by it, not by the rounded stamp.
// Also the line as printed, so a narrow view can show it in two lines and a wide one in one again.
class LineTime : public QTextBlockUserData
{
public:
    LineTime(qint64 ns, const QString &text) : tNs(ns), line(text) { }
    qint64 tNs;
    QString line;
};

// Below this many characters a line of the wide form ("   2.50 s  worker-1   job#1: ...") would wrap in the
// middle of its message.
constexpr int CompactBelowColumns = 64;

// "   2.50 s  worker-1   job#1: The task is running..." → "2.50 s · worker-1", then the message on a line
// of its own within the same block (U+2028), so each printed line stays one block.
QString compactForm(const QString &line)
{
    static const QRegularExpression stamp(QStringLiteral("^\\s*([0-9.]+ s)  (\\S+)\\s+(.*)$"));
    const QRegularExpressionMatch m = stamp.match(line);
    if (!m.hasMatch())
        return line;
    return QStringLiteral("%1 · %2").arg(m.captured(1), m.captured(2)) + QChar(QChar::LineSeparator) + m.captured(3);
}

} // namespace

ConsoleView::ConsoleView(RunDocument *model, QWidget *parent)
    : QPlainTextEdit(parent)
    , m_model(model)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    // Wrapped at the view's width: a long line ("… ignored the stop: ran 4 steps after event.set()") is read
    // whole, never scrolled sideways in front of a hall.
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setMaximumBlockCount(MaxLines);
    setCenterOnScroll(false);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF());
    setFont(mono);
    setPlaceholderText(QStringLiteral("What the program prints appears here."));
    new ConsoleHighlighter(model, document());
    connect(model, &RunDocument::runReset, this, &ConsoleView::rebuild);
    connect(model, &RunDocument::eventsAppended, this, &ConsoleView::onEventsAppended);
    connect(model, &RunDocument::cursorChanged, this, &ConsoleView::followCursor);
    rebuild();
}

void ConsoleView::appendNote(const QString &text)
{
    const qint64 t = m_model->endNs();
    appendLines({ consoleStamp(t, -1).replace(QStringLiteral("main     "), QStringLiteral("poolscope")) + text }, { t });
}

QStringList ConsoleView::lines() const
{
    QStringList out;
    for (QTextBlock block = document()->firstBlock(); block.isValid(); block = block.next()) {
        const auto *time = static_cast<const LineTime *>(block.userData());
        for (const QString &line : (time ? time->line : block.text()).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            out << line;
    }
    return out;
}

bool ConsoleView::wantsCompact() const
{
    const int columns = viewport()->width() / std::max(1, fontMetrics().horizontalAdvance(QLatin1Char('0')));
    return columns > 0 && columns < CompactBelowColumns;
}

void ConsoleView::appendLines(const QStringList &lines, const QList<qint64> &times)
{
    QStringList shown;
    shown.reserve(lines.size());
    for (const QString &line : lines)
        shown << (m_compact ? compactForm(line) : line);
    appendPlainText(shown.join(QLatin1Char('\n')));
    QTextBlock block = document()->lastBlock();
    for (int i = int(lines.size()) - 1; i >= 0 && block.isValid(); --i, block = block.previous())
        block.setUserData(new LineTime(times[i], lines[i]));
}

void ConsoleView::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    if (wantsCompact() == m_compact)
        return;
    // Re-shown in place, block by block (600 at most): nothing is re-read from the run.
    m_compact = !m_compact;
    QScrollBar *bar = verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    for (QTextBlock block = document()->firstBlock(); block.isValid(); block = block.next()) {
        const auto *time = static_cast<const LineTime *>(block.userData());
        if (!time)
            continue;
        cursor.setPosition(block.position());
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        cursor.insertText(m_compact ? compactForm(time->line) : time->line);
    }
    cursor.endEditBlock();
    if (m_model->cursorNs() >= 0)
        followCursor(m_model->cursorNs());
    else if (atEnd)
        bar->setValue(bar->maximum());
}

void ConsoleView::rebuild()
{
    clear();
    onEventsAppended(0, int(m_model->run().events.size()));
}

void ConsoleView::onEventsAppended(int, int)
{
    const RunReading &reading = m_model->reading();
    if (reading.replayed())
        clear(); // late events were merged before lines already printed: print the run again, in time order
    QStringList out;
    QList<qint64> times; // one per line of `out`
    const std::vector<Happening> &latest = reading.latest();
    // Only the newest lines can be shown: format from the end, and count what is left out.
    size_t skipped = reading.latestDropped();
    for (auto it = latest.rbegin(); it != latest.rend(); ++it) {
        if (out.size() >= MaxLinesPerRefresh) {
            skipped += size_t(latest.rend() - it);
            break;
        }
        const QStringList lines = consoleLines(*it, m_model->run(), m_model->words());
        for (auto l = lines.rbegin(); l != lines.rend(); ++l) {
            out.prepend(*l);
            times.prepend(it->tNs);
        }
    }
    if (out.isEmpty())
        return;
    if (skipped > 0) {
        out.prepend(QStringLiteral("… %1 more lines in this moment (see the table and the timeline)").arg(skipped));
        times.prepend(times.first());
    }
    // One append per refresh: the document lays out once, and the view scrolls to the end only if the
    // reader was already there.
    QScrollBar *bar = verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    appendLines(out, times);
    if (m_model->cursorNs() >= 0)
        followCursor(m_model->cursorNs());
    else if (atEnd)
        bar->setValue(bar->maximum());
}

void ConsoleView::followCursor(qint64 ns)
{
    if (ns < 0) {
        setExtraSelections({});
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
        return;
    }
    // Lines are in time order: the last one at or before the cursor, from the end (600 lines at most).
    QTextBlock found;
    for (QTextBlock block = document()->lastBlock(); block.isValid(); block = block.previous()) {
        const auto *time = static_cast<const LineTime *>(block.userData());
        if (time && time->tNs <= ns) {
            found = block;
            break;
        }
    }
    if (!found.isValid()) {
        setExtraSelections({});
        verticalScrollBar()->setValue(0);
        return;
    }
    // A grey band across the view and the line in bold: found without colour too.
    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(found);
    mark.cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    mark.format.setBackground(palette::mutedTextColor().lighter(185));
    mark.format.setFontWeight(QFont::Bold);
    setExtraSelections({ mark });
    QTextCursor at(found);
    setTextCursor(at);
    centerCursor();
}

} // namespace poolscope
