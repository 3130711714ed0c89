// SPDX-License-Identifier: MIT
// The console: what the lesson's program prints and calls, as it happens.
#pragma once

#include <QPlainTextEdit>

namespace poolscope {

class RunDocument;

// The console: read-only, monospaced, bounded (old lines drop off), appended once per refresh. While the time
// cursor replays a moment, the line printed last before it is marked and scrolled to.
class ConsoleView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ConsoleView(RunDocument *model, QWidget *parent = nullptr);

    void appendNote(const QString &text); // a line from the window itself (errors, new pool, ...)
    QStringList lines() const; // for tests

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    bool wantsCompact() const; // a narrow column: the time and thread above the message
    void appendLines(const QStringList &lines, const QList<qint64> &times);
    void rebuild();
    void onEventsAppended(int first, int count);
    void followCursor(qint64 ns); // marks the last line printed at or before the time cursor

    RunDocument *m_model;
    bool m_compact = false;
};

} // namespace poolscope
